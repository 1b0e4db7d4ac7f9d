/** A clean-up's schedule: None, Hourly, Daily, Weekly or a custom cron, saved with the given parameters. */
import { useEffect, useState } from 'react';
import { Button } from '../../../components/ui/button';
import { Field, FormError, SelectField } from '../../../components/ui/field';
import { toApiError } from '../../../lib/api-client';
import { useCleanupSchedule, useSaveSchedule, type CleanupKind } from '../api/cleanup';

const TYPES = ['None', 'Hourly', 'Daily', 'Weekly', 'Custom'];

export function ScheduleForm({ kind, parameters, what }: { kind: CleanupKind; parameters: Record<string, unknown>; what: string }) {
  const schedule = useCleanupSchedule(kind).data;
  const save = useSaveSchedule(kind);
  const [type, setType] = useState('None');
  const [cron, setCron] = useState('');
  useEffect(() => {
    if (!schedule?.schedule) return;
    setType(TYPES.includes(schedule.schedule.type ?? '') ? schedule.schedule.type! : 'Custom');
    setCron(schedule.schedule.cron ?? '');
  }, [schedule]);
  const error = save.error ? toApiError(save.error) : undefined;
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ schedule: { type, ...(type === 'Custom' ? { cron } : {}) }, parameters });
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
      <Button type="submit" busy={save.isPending}>
        Save schedule
      </Button>
      {schedule?.schedule?.next_scheduled_time && type !== 'None' && <span className="text-xs text-muted">Next run: {new Date(schedule.schedule.next_scheduled_time).toLocaleString()}</span>}
      {save.isSuccess && <span role="status" className="text-xs text-muted">Schedule saved.</span>}
      {error && error.field !== 'schedule.cron' && <FormError message={error.message} />}
    </form>
  );
}
