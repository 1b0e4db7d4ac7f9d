import { describe, expect, it } from 'vitest';
import { formatDuration, formatMilliseconds, isRunning, statusLabel, statusTone, triggerLabel } from './status';

describe('execution and task statuses in words', () => {
  it('reads Harbor\'s API words and the job service\'s alike', () => {
    expect(['Succeed', 'Success'].map(statusLabel)).toEqual(['Succeeded', 'Succeeded']);
    expect(['Failed', 'Error'].map(statusLabel)).toEqual(['Failed', 'Failed']);
    expect(['InProgress', 'Running'].map(statusLabel)).toEqual(['In progress', 'In progress']);
    expect(statusTone('Succeed')).toBe('success');
    expect(statusTone('Stopped')).toBe('warning');
  });

  it('keeps asking while an execution is pending or in progress, and stops when it ended', () => {
    expect(['Pending', 'InProgress', 'Running'].every(isRunning)).toBe(true);
    expect(['Succeed', 'Failed', 'Stopped', 'Error', undefined].some(isRunning)).toBe(false);
  });

  it('names triggers and lengths of time', () => {
    expect(['manual', 'scheduled', 'event_based', 'EVENT_BASED'].map(triggerLabel)).toEqual(['Manual', 'Scheduled', 'Event-based', 'Event-based']);
    expect(formatMilliseconds(1_400)).toBe('1 s');
    expect(formatMilliseconds(125_000)).toBe('2 min 5 s');
    expect(formatDuration('2026-12-02T09:00:00Z', '2026-12-02T10:01:00Z')).toBe('1 h 1 min');
    expect(formatDuration('0001-01-01T00:00:00Z', undefined)).toBe('—');
  });
});
