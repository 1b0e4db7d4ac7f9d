/**
 * Execution and task statuses as people read them. Harbor's API answers InProgress, Succeed,
 * Failed, Stopped (and Pending for a task); the job service's own words (Running, Success,
 * Error) are understood too.
 */
export type StatusTone = 'neutral' | 'primary' | 'success' | 'danger' | 'warning';

const STATUSES: Record<string, { label: string; tone: StatusTone; running: boolean }> = {
  pending: { label: 'Pending', tone: 'neutral', running: true },
  scheduled: { label: 'Pending', tone: 'neutral', running: true },
  inprogress: { label: 'In progress', tone: 'primary', running: true },
  running: { label: 'In progress', tone: 'primary', running: true },
  succeed: { label: 'Succeeded', tone: 'success', running: false },
  success: { label: 'Succeeded', tone: 'success', running: false },
  failed: { label: 'Failed', tone: 'danger', running: false },
  error: { label: 'Failed', tone: 'danger', running: false },
  stopped: { label: 'Stopped', tone: 'warning', running: false },
};

const of = (status: string | undefined) => STATUSES[(status ?? '').toLowerCase().replace(/[^a-z]/g, '')];

export const statusLabel = (status: string | undefined) => of(status)?.label ?? status ?? '—';
export const statusTone = (status: string | undefined): StatusTone => of(status)?.tone ?? 'neutral';
/** Still moving: the page keeps asking for news. */
export const isRunning = (status: string | undefined) => of(status)?.running ?? false;

const TRIGGERS: Record<string, string> = {
  manual: 'Manual',
  scheduled: 'Scheduled',
  schedule: 'Scheduled',
  event_based: 'Event-based',
};

/** "MANUAL", "manual", "event_based", "EVENT_BASED" -> the words on screen. */
export const triggerLabel = (trigger: string | undefined) => TRIGGERS[(trigger ?? '').toLowerCase()] ?? trigger ?? '—';

/** "2 min 5 s" for a length of time in milliseconds. */
export function formatMilliseconds(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The time between two times; up to now while the execution runs. */
export function formatDuration(start: string | undefined, end: string | undefined, now = Date.now()): string {
  if (!start || start.startsWith('0001-')) return '—';
  const until = end && !end.startsWith('0001-') ? Date.parse(end) : now;
  return formatMilliseconds(until - Date.parse(start));
}
