/**
 * The database side of /metrics: one summary read with a handful of grouped queries (never one
 * per project), which the metrics module caches between scrapes.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { storageFiguresOf, usedBytes } from '../usage/storage-usage.repository.js';

type Db = Kysely<Database>;

export interface ProjectSummary {
  name: string;
  public: boolean;
  repositories: number;
  members: number;
  artifacts: number;
  /** Bytes its artifacts use: the blobs they name (each once) plus their manifests. */
  storage: number;
  /** Pulls recorded on its repositories. */
  pulls: number;
}

export interface TaskCount {
  jobType: string;
  status: string;
  count: number;
}

export interface FinishedTask {
  jobType: string;
  status: string;
  seconds: number;
  endTime: string;
}

const byProject = (rows: { project_id: number; n: number | string | null }[]) => new Map(rows.map((r) => [r.project_id, Number(r.n ?? 0)]));

export async function readProjectSummaries(db: Db): Promise<ProjectSummary[]> {
  const projects = await db.selectFrom('projects').select(['project_id', 'name', 'public']).execute();
  const repositories = byProject(await db.selectFrom('repositories').select(['project_id', sql<number>`count(*)`.as('n')]).groupBy('project_id').execute());
  const members = byProject(await db.selectFrom('project_members').select(['project_id', sql<number>`count(*)`.as('n')]).groupBy('project_id').execute());
  const pulls = byProject(await db.selectFrom('repositories').select(['project_id', sql<number>`sum(pull_count)`.as('n')]).groupBy('project_id').execute());
  // Artifact counts and storage from the maintained counters: counting them here walked every
  // artifact and blob link, 300 ms of SQLite's event loop at 200,000 artifacts, once per scrape.
  const figures = await storageFiguresOf(
    db,
    'p',
    projects.map((p) => p.project_id),
  );
  return projects.map((p) => {
    const usage = figures.get(p.project_id)!;
    return {
      name: p.name,
      public: p.public === 1,
      repositories: repositories.get(p.project_id) ?? 0,
      members: members.get(p.project_id) ?? 0,
      artifacts: usage.artifactCount,
      storage: usedBytes(usage),
      pulls: pulls.get(p.project_id) ?? 0,
    };
  });
}

export async function readTaskCounts(db: Db): Promise<TaskCount[]> {
  const rows = await db.selectFrom('tasks').select(['job_type', 'status', sql<number>`count(*)`.as('n')]).groupBy(['job_type', 'status']).execute();
  return rows.map((r) => ({ jobType: r.job_type, status: r.status, count: Number(r.n) }));
}

/** Tasks that ended after `since` (ISO), oldest first, at most `limit`: their run times feed a histogram once each. */
export async function readFinishedTasks(db: Db, since: string, limit = 1000): Promise<FinishedTask[]> {
  const rows = await db
    .selectFrom('tasks')
    .select(['job_type', 'status', 'start_time', 'end_time'])
    .where('end_time', '>', since)
    .orderBy('end_time')
    .limit(limit)
    .execute();
  return rows
    .filter((r) => r.start_time && r.end_time)
    .map((r) => ({
      jobType: r.job_type,
      status: r.status,
      seconds: Math.max(0, (Date.parse(r.end_time!) - Date.parse(r.start_time!)) / 1000),
      endTime: r.end_time!,
    }));
}
