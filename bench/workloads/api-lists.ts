/**
 * Workload e (Berth alone): the core API's lists on the large seeded data set, p50 and p95 per
 * endpoint at a few concurrent clients, signed in with Basic (verified once, then cached).
 */
import { Pool } from 'undici';
import { runFor, type LoadResult } from '../lib/measure.js';
import { BIG_PROJECT, BIG_REPOSITORY } from '../lib/seed.js';

const AUTH = `Basic ${Buffer.from('admin:Harbor12345').toString('base64')}`;

export const LIST_ENDPOINTS: { name: string; path: string }[] = [
  { name: 'projects (page 1)', path: '/api/v2.0/projects?page=1&page_size=15' },
  { name: 'projects (page 50, sorted by name)', path: '/api/v2.0/projects?page=50&page_size=15&sort=name' },
  { name: 'projects (name filter)', path: '/api/v2.0/projects?page=1&page_size=15&name=seed-09' },
  { name: 'repositories of a project', path: '/api/v2.0/projects/seed-0500/repositories?page=1&page_size=15' },
  { name: 'repositories (all)', path: '/api/v2.0/repositories?page=1&page_size=15' },
  {
    name: 'artifacts of a 5,000-tag repository',
    path: `/api/v2.0/projects/${BIG_PROJECT}/repositories/${encodeURIComponent(encodeURIComponent(BIG_REPOSITORY.slice(BIG_PROJECT.length + 1)))}/artifacts?page=1&page_size=15&with_tag=true`,
  },
  {
    name: 'artifacts of a 5,000-tag repository (page 300)',
    path: `/api/v2.0/projects/${BIG_PROJECT}/repositories/app/artifacts?page=300&page_size=15&with_tag=true`,
  },
  { name: 'audit logs (page 1)', path: '/api/v2.0/auditlog-exts?page=1&page_size=15' },
  { name: 'audit logs (by user)', path: '/api/v2.0/auditlog-exts?page=1&page_size=15&q=username%3Duser7' },
];

export interface ListResult extends LoadResult {
  name: string;
  status: number;
}

export async function measureLists(baseUrl: string, ms: number): Promise<ListResult[]> {
  const pool = new Pool(baseUrl, { connections: 4 });
  const results: ListResult[] = [];
  try {
    for (const endpoint of LIST_ENDPOINTS) {
      let status = 0;
      const call = async () => {
        const res = await pool.request({ method: 'GET', path: endpoint.path, headers: { authorization: AUTH } });
        await res.body.dump();
        status = res.statusCode;
        if (status !== 200) throw new Error(`${endpoint.path}: ${status}`);
      };
      await call().catch(() => undefined);
      if (status === 404) {
        results.push({ name: endpoint.name, status, requests: 0, errors: 0, seconds: 0, perSecond: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0 });
        continue;
      }
      results.push({ name: endpoint.name, status, ...(await runFor(ms, 4, call)) });
    }
  } finally {
    await pool.close();
  }
  return results;
}
