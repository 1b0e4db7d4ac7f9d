/** A job's schedule: None, Hourly, Daily, Weekly or a custom cron (GC, audit log purge, scan all). */
import { useEffect, useState } from 'react';
import { toApiError } from '../lib/api-client';
import { Button } from './ui/button';
import { Field, FormError, SelectField } from './ui/field';

const TYPES = ['None', 'Hourly', 'Daily', 'Weekly', 'Custom'];

export interface ScheduleValue {
  type?: string;
  cron?: string;
  next_scheduled_time?: string;
}

export interface ScheduleFormProps {
  /** What runs, for the select's label: "Schedule of the garbage collection". */
  what: string;
  /** The saved schedule, once it has arrived. */
  schedule: ScheduleValue | undefined;
  onSave: (schedule: { type: string; cron?: string }) => void;
  saving: boolean;
  saved: boolean;
  error: Error | null;
}

export function ScheduleForm({ what, schedule, onSave, saving, saved, error: failure }: ScheduleFormProps) {
  const [type, setType] = useState('None');
  const [cron, setCron] = useState('');
  useEffect(() => {
    if (!schedule) return;
    setType(TYPES.includes(schedule.type ?? '') ? schedule.type! : 'Custom');
    setCron(schedule.cron ?? '');
  }, [schedule]);
  const error = failure ? toApiError(failure) : undefined;
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ type, ...(type === 'Custom' ? { cron } : {}) });
      }}
    >
      <SelectField label={`Schedule of the ${what}`} value={type} onChange={(e) => setType(e.target.value)} className="w-40">
        {TYPES.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </SelectField>
      {type === 'Custom' && (
        <Field label="Cron" hint="Six fields, seconds first, in UTC" value={cron} onChange={(e) => setCron(e.target.value)} error={error?.field === 'schedule.cron' ? error.message : undefined} className="w-56" />
      )}
      <Button type="submit" busy={saving}>
        Save schedule
      </Button>
      {schedule?.next_scheduled_time && type !== 'None' && <span className="text-xs text-muted">Next run: {new Date(schedule.next_scheduled_time).toLocaleString()}</span>}
      {saved && <span role="status" className="text-xs text-muted">Schedule saved.</span>}
      {error && error.field !== 'schedule.cron' && <FormError message={error.message} />}
    </form>
  );
}
