/**
 * Once per Vitest run, for both lanes: names the directory where a throwaway PostgreSQL is made
 * if a test needs one and none answers (postgres-cluster.ts), and stops it at the end. Nothing is
 * started here, so a run that touches no database pays nothing.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CLUSTER_DIR_VARIABLE, stopCluster } from './postgres-cluster.js';

export default async function setup() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-pg-'));
  // Test processes are forked after this and inherit the environment.
  process.env[CLUSTER_DIR_VARIABLE] = dir;
  return () => stopCluster(dir);
}
