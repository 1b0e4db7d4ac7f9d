/** A clean-up's schedule (the shared schedule form), saved with the given parameters. */
import { ScheduleForm as JobScheduleForm } from '../../../components/schedule-form';
import { useCleanupSchedule, useSaveSchedule, type CleanupKind } from '../api/cleanup';

export function ScheduleForm({ kind, parameters, what }: { kind: CleanupKind; parameters: Record<string, unknown>; what: string }) {
  const schedule = useCleanupSchedule(kind).data;
  const save = useSaveSchedule(kind);
  return (
    <JobScheduleForm
      what={what}
      schedule={schedule?.schedule}
      onSave={(s) => save.mutate({ schedule: s, parameters })}
      saving={save.isPending}
      saved={save.isSuccess}
      error={save.error}
    />
  );
}
