/**
 * An execution's status from its tasks' statuses, as Harbor derives it: anything still Running
 * or Pending keeps it Running; once all are done, any Error makes it Error, else any Stopped
 * makes it Stopped, else Success. An execution still receiving tasks (not sealed) cannot end.
 */
import type { JobStatus, TaskCounts } from '../core/jobs/job-types.js';

export type StatusCounts = Partial<Record<JobStatus, number>>;

export function deriveExecutionStatus(
  counts: StatusCounts,
  execution: { sealed: boolean; stopRequested: boolean; current: string },
): { status: JobStatus; final: boolean } {
  const n = (s: JobStatus) => counts[s] ?? 0;
  if (n('Running') + n('Pending') > 0) return { status: 'Running', final: false };
  const total = n('Error') + n('Stopped') + n('Success');
  if (!execution.sealed) {
    // Still receiving tasks: stays as created until the first task or the seal.
    return { status: total === 0 ? (execution.current as JobStatus) : 'Running', final: false };
  }
  if (n('Error') > 0) return { status: 'Error', final: true };
  if (n('Stopped') > 0 || (total === 0 && execution.stopRequested)) return { status: 'Stopped', final: true };
  return { status: 'Success', final: true };
}

export function taskCountsOf(counts: StatusCounts): TaskCounts {
  const n = (s: JobStatus) => counts[s] ?? 0;
  return {
    total: n('Pending') + n('Running') + n('Stopped') + n('Error') + n('Success'),
    succeed: n('Success'),
    failed: n('Error'),
    in_progress: n('Pending') + n('Running'),
    stopped: n('Stopped'),
  };
}
