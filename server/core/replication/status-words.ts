/**
 * The words Harbor's replication API uses for the job service's statuses and triggers
 * (handler/replication.go keeps them for backward compatibility), both ways: for responses, and
 * for the status and trigger filters of the lists, which take the API's words.
 */

/** Execution: Running (and a queued Pending) -> InProgress, Success -> Succeed, Error -> Failed. */
export function executionStatusWord(status: string): string {
  switch (status) {
    case 'Pending':
    case 'Running':
      return 'InProgress';
    case 'Success':
      return 'Succeed';
    case 'Error':
      return 'Failed';
    default:
      return status;
  }
}

/** Task: Running -> InProgress, Success -> Succeed, Error -> Failed; Pending and Stopped as they are. */
export function taskStatusWord(status: string): string {
  switch (status) {
    case 'Running':
    case 'Scheduled':
      return 'InProgress';
    case 'Success':
      return 'Succeed';
    case 'Error':
      return 'Failed';
    default:
      return status;
  }
}

/** The job service's statuses an API status word filters on (either vocabulary is taken). */
export function statusesFor(word: string, of: 'execution' | 'task'): string[] {
  switch (word) {
    case 'InProgress':
      return of === 'execution' ? ['Running', 'Pending'] : ['Running'];
    case 'Succeed':
      return ['Success'];
    case 'Failed':
      return ['Error'];
    default:
      return [word];
  }
}

const TRIGGERS: Record<string, string> = { MANUAL: 'manual', SCHEDULE: 'scheduled', EVENT_BASED: 'event_based' };

export const triggerWord = (trigger: string) => TRIGGERS[trigger] ?? trigger.toLowerCase();

/** The job service's trigger for an API word (manual, scheduled, event_based), or the word itself. */
export const triggerOf = (word: string) => Object.entries(TRIGGERS).find(([, w]) => w === word)?.[0] ?? word;
