/**
 * Administration > Clean Up: garbage collection (run now, dry run, schedule, history with logs)
 * and the audit log purge (the same, with how long to keep records and which event types).
 */
import { useState } from 'react';
import { Button } from '../../components/ui/button';
import { CheckField, Field, FormError } from '../../components/ui/field';
import { PageHeader } from '../../components/ui/misc';
import { Panel } from '../../components/ui/panel';
import { toApiError } from '../../lib/api-client';
import { useRunNow, type CleanupKind } from './api/cleanup';
import { RunHistory } from './components/run-history';
import { ScheduleForm } from './components/schedule-form';

function RunButtons({ kind, parameters, what, onStarted }: { kind: CleanupKind; parameters: Record<string, unknown>; what: string; onStarted: (id: number) => void }) {
  const run = useRunNow(kind);
  const start = (dry: boolean) => run.mutate({ ...parameters, dry_run: dry }, { onSuccess: (id) => onStarted(id) });
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button variant="primary" onClick={() => start(false)} busy={run.isPending && run.variables?.dry_run === false}>
        {kind === 'gc' ? 'GC now' : 'Purge now'}
      </Button>
      <Button onClick={() => start(true)} busy={run.isPending && run.variables?.dry_run === true}>
        Dry run
      </Button>
      {run.error && <FormError message={`The ${what} did not start: ${toApiError(run.error).message}`} />}
    </div>
  );
}

function GarbageCollection() {
  const [deleteUntagged, setDeleteUntagged] = useState(false);
  const [window, setWindow] = useState('2');
  const [selected, setSelected] = useState<number | null>(null);
  const parameters = { delete_untagged: deleteUntagged, time_window: Number(window) };
  return (
    <Panel title="Garbage collection">
      <p className="mb-3 text-sm text-muted">
        Deletes blobs no artifact uses any more, while pushes and pulls go on. A dry run lists what would go without deleting it.
      </p>
      <div className="mb-4 flex flex-col gap-3">
        <Field
          label="Time window (hours)"
          hint="Only blobs unused for longer than this go, so pushes in progress keep theirs"
          type="number"
          min={0}
          step="any"
          value={window}
          onChange={(e) => setWindow(e.target.value)}
          className="w-64"
        />
        <CheckField label="Delete untagged artifacts" checked={deleteUntagged} onChange={(e) => setDeleteUntagged(e.target.checked)} />
        <RunButtons kind="gc" parameters={parameters} what="garbage collection" onStarted={setSelected} />
        <ScheduleForm kind="gc" parameters={parameters} what="garbage collection" />
      </div>
      <RunHistory kind="gc" label="Garbage collection history" selected={selected} onSelect={setSelected} />
    </Panel>
  );
}

function AuditPurge() {
  const [hours, setHours] = useState('720');
  const [types, setTypes] = useState('create_artifact,delete_artifact,pull_artifact');
  const [selected, setSelected] = useState<number | null>(null);
  const parameters = { audit_retention_hour: Number(hours), include_event_types: types };
  return (
    <Panel title="Audit log purge">
      <p className="mb-3 text-sm text-muted">Deletes audit log records older than the hours kept, of the event types listed.</p>
      <div className="mb-4 flex flex-col gap-3">
        <div className="flex flex-wrap gap-3">
          <Field label="Keep records for (hours)" type="number" min={1} value={hours} onChange={(e) => setHours(e.target.value)} className="w-48" />
          <Field label="Event types" hint="Comma separated, such as pull_artifact, create_artifact" value={types} onChange={(e) => setTypes(e.target.value)} className="min-w-0 grow basis-64" />
        </div>
        <RunButtons kind="purgeaudit" parameters={parameters} what="audit log purge" onStarted={setSelected} />
        <ScheduleForm kind="purgeaudit" parameters={parameters} what="audit log purge" />
      </div>
      <RunHistory kind="purgeaudit" label="Audit log purge history" selected={selected} onSelect={setSelected} />
    </Panel>
  );
}

export default function CleanUpPage() {
  return (
    <>
      <PageHeader crumbs={[{ label: 'Administration' }]} title="Clean Up" />
      <div className="flex flex-col gap-4">
        <GarbageCollection />
        <AuditPurge />
      </div>
    </>
  );
}
