/** Harbor's `gc` and `purge` tags: garbage collection and the audit log purge, runs and schedule. */
import { z } from 'zod';
import { errorResponses, LIST_HEADERS, ok, pagingQuery, rowIdParam } from './common.js';
import { operation } from './operation.js';

const scheduleObj = () =>
  z.object({
    type: z.string().optional().describe('Hourly, Daily, Weekly, Custom, Manual (run now), None (no schedule) or Schedule.'),
    cron: z.string().optional().describe('Six fields, seconds first, in UTC; for Custom and Schedule.'),
    next_scheduled_time: z.string().optional(),
  });

export const ScheduleObj = scheduleObj().meta({ id: 'ScheduleObj' });

export const Schedule = z
  .object({
    id: z.int().optional(),
    status: z.string().optional(),
    creation_time: z.string().optional(),
    update_time: z.string().optional(),
    schedule: ScheduleObj.optional(),
    parameters: z.record(z.string(), z.unknown()).optional().describe(
      'GC: dry_run, delete_untagged, workers (1-10), time_window (hours; Berth), full_check (Berth: walk the store). ' +
        'Purge: audit_retention_hour, include_event_types (comma separated), dry_run.',
    ),
  })
  .meta({ id: 'Schedule' });

const history = (id: string, what: string) =>
  z
    .object({
      id: z.int().describe(`The id of the ${what} execution.`),
      job_name: z.string(),
      job_kind: z.string().describe('MANUAL or SCHEDULE (the trigger); the schedule type for a schedule.'),
      job_parameters: z.string().describe('JSON of the parameters and, once it ran, the outcome (Berth: freed_space, purged_files ...).'),
      schedule: scheduleObj().optional(),
      job_status: z.string(),
      deleted: z.boolean(),
      creation_time: z.string(),
      update_time: z.string(),
    })
    .meta({ id });

export const GCHistory = history('GCHistory', 'gc');
export const ExecHistory = history('ExecHistory', 'purge');

const LIST_QUERY = pagingQuery;

function cleanupOperations<const T extends 'gc' | 'purge'>(tag: T) {
  const gc = tag === 'gc';
  const base = gc ? '/system/gc' : '/system/purgeaudit';
  const idName = gc ? 'gc_id' : 'purge_id';
  const params = z.object({ [idName]: rowIdParam(`The id of the ${gc ? 'gc' : 'purge'} execution.`) });
  const Item = gc ? GCHistory : ExecHistory;
  const access = gc ? 'system admins (garbage-collection)' : 'system admins (purge-audit)';
  const what = gc ? 'garbage collection' : 'audit log purge';
  return {
    list: operation({
      id: gc ? 'getGCHistory' : 'getPurgeHistory',
      method: 'get',
      path: base,
      summary: `The ${what} runs, newest first.`,
      tag,
      access,
      query: LIST_QUERY,
      responses: { 200: { description: 'The runs.', body: z.array(Item), headers: LIST_HEADERS }, ...errorResponses(401, 403) },
    }),
    get: operation({
      id: gc ? 'getGC' : 'getPurgeJob',
      method: 'get',
      path: `${base}/{${idName}}`,
      summary: `One ${what} run.`,
      tag,
      access,
      params,
      responses: { 200: { description: 'The run.', body: Item }, ...errorResponses(401, 403, 404) },
    }),
    stop: operation({
      id: gc ? 'stopGC' : 'stopPurge',
      method: 'put',
      path: `${base}/{${idName}}`,
      summary: `Stops a ${what} run.`,
      tag,
      access,
      params,
      responses: { ...ok, ...errorResponses(401, 403, 404) },
    }),
    log: operation({
      id: gc ? 'getGCLog' : 'getPurgeJobLog',
      method: 'get',
      path: `${base}/{${idName}}/log`,
      summary: `The log of a ${what} run (text/plain), as far as it got.`,
      tag,
      access,
      params,
      responses: { 200: { description: 'The log.', body: z.string() }, ...errorResponses(400, 401, 403, 404) },
    }),
    getSchedule: operation({
      id: gc ? 'getGCSchedule' : 'getPurgeSchedule',
      method: 'get',
      path: `${base}/schedule`,
      summary: `The ${what} schedule (Berth: schedule.type None when there is none).`,
      tag,
      access,
      responses: { 200: { description: 'The schedule.', body: Item.partial() }, ...errorResponses(401, 403) },
    }),
    createSchedule: operation({
      id: gc ? 'createGCSchedule' : 'createPurgeSchedule',
      method: 'post',
      path: `${base}/schedule`,
      summary: `Runs a ${what} now (schedule.type Manual: Location names the run) or saves its schedule.`,
      tag,
      access,
      body: Schedule,
      responses: { 201: { description: 'Started or saved.', headers: ['Location'] }, ...errorResponses(400, 401, 403, 409) },
    }),
    updateSchedule: operation({
      id: gc ? 'updateGCSchedule' : 'updatePurgeSchedule',
      method: 'put',
      path: `${base}/schedule`,
      summary: `Changes the ${what} schedule (None removes it; Manual runs now).`,
      tag,
      access,
      body: Schedule,
      responses: { 200: { description: 'Saved.' }, ...errorResponses(400, 401, 403, 409) },
    }),
  };
}

const gcOps = cleanupOperations('gc');
const purgeOps = cleanupOperations('purge');

export const gcOperations = {
  getGCHistory: gcOps.list,
  getGC: gcOps.get,
  stopGC: gcOps.stop,
  getGCLog: gcOps.log,
  getGCSchedule: gcOps.getSchedule,
  createGCSchedule: gcOps.createSchedule,
  updateGCSchedule: gcOps.updateSchedule,
};

export const purgeOperations = {
  getPurgeHistory: purgeOps.list,
  getPurgeJob: purgeOps.get,
  stopPurge: purgeOps.stop,
  getPurgeJobLog: purgeOps.log,
  getPurgeSchedule: purgeOps.getSchedule,
  createPurgeSchedule: purgeOps.createSchedule,
  updatePurgeSchedule: purgeOps.updateSchedule,
};
