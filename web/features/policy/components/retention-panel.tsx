/**
 * Tag retention for a project: its rules (an artifact any rule retains stays), a schedule, a dry
 * run that shows what would go and the bytes it frees, a real run, and the history with logs.
 */
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '../../../components/ui/button';
import { ConfirmDialog } from '../../../components/ui/dialog';
import { Field } from '../../../components/ui/field';
import { Badge, formatBytes, formatTime } from '../../../components/ui/misc';
import { Panel } from '../../../components/ui/panel';
import { SimpleTable } from '../../../components/ui/simple-table';
import { toApiError } from '../../../lib/api-client';
import type { Project, RetentionExecution, RetentionRule } from '../../../lib/api-types';
import { useRetentionExecutions, useRetentionPolicy, useRunRetention, useSaveRetention } from '../api/policy';
import { formOf, retentionRuleText, ruleOf, type RuleForm } from '../rule-text';
import { ExecutionDetail } from './execution-detail';
import { RetentionRuleDialog } from './retention-rule-dialog';

const STATUS_TONE: Record<string, 'success' | 'danger' | 'warning' | 'neutral'> = { Success: 'success', Error: 'danger', Stopped: 'warning' };

export function RetentionPanel({ project, canEdit }: { project: Project; canEdit: boolean }) {
  const policyId = project.metadata.retention_id ? Number(project.metadata.retention_id) : undefined;
  const policy = useRetentionPolicy(policyId);
  const executions = useRetentionExecutions(policyId);
  const save = useSaveRetention(project.project_id, policyId);
  const run = useRunRetention(policyId);
  const [editing, setEditing] = useState<{ index: number; form: RuleForm | null } | null>(null);
  const [cron, setCron] = useState<string | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [confirming, setConfirming] = useState(false);
  const rules = policy.data?.rules ?? [];
  const savedCron = policy.data?.trigger?.settings?.cron ?? '';

  const saveRules = (next: RetentionRule[], cronText = savedCron, done = 'Retention rules saved.') =>
    save.mutate(
      { rules: next, trigger: { kind: 'Schedule', settings: { cron: cronText } } },
      {
        onSuccess: () => {
          toast.success(done);
          setEditing(null);
          setCron(null);
        },
      },
    );
  const start = (dryRun: boolean) =>
    run.mutate(dryRun, {
      onSuccess: (id) => {
        setSelected(id);
        setConfirming(false);
        toast.success(dryRun ? 'Dry run started: nothing is deleted.' : 'Retention run started.');
      },
      onError: (err) => toast.error(toApiError(err).message),
    });
  const shown = executions.data?.find((e) => e.id === selected) ?? (selected === null ? executions.data?.[0] : undefined);

  return (
    <Panel
      title="Tag retention"
      actions={
        canEdit && (
          <Button size="sm" variant="primary" onClick={() => setEditing({ index: rules.length, form: null })} disabled={rules.length >= 15}>
            <Plus size={14} aria-hidden /> Add rule
          </Button>
        )
      }
    >
      <p className="mb-2 text-sm text-muted">An artifact any rule retains stays; the others in the repositories the rules name are deleted. Artifacts with an immutable tag always stay.</p>
      {rules.length === 0 ? (
        <p className="text-sm">No retention rules: nothing is deleted.</p>
      ) : (
        <ol className="flex flex-col gap-1 text-sm" aria-label="Retention rules">
          {rules.map((rule, i) => (
            <li key={i} className="flex items-start justify-between gap-2 rounded border border-border px-2 py-1.5">
              <span className="min-w-0 [overflow-wrap:anywhere]">
                {i + 1}. {retentionRuleText(rule)}
              </span>
              {canEdit && (
                <span className="flex shrink-0 gap-1">
                  <Button size="sm" variant="ghost" aria-label={`Edit rule ${i + 1}`} onClick={() => setEditing({ index: i, form: formOf(rule) })}>
                    <Pencil size={14} aria-hidden />
                  </Button>
                  <Button size="sm" variant="ghost" aria-label={`Delete rule ${i + 1}`} onClick={() => saveRules(rules.filter((_, j) => j !== i), savedCron, `Rule ${i + 1} deleted.`)}>
                    <Trash2 size={14} aria-hidden />
                  </Button>
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
      {policyId !== undefined && (
        <div className="mt-3 flex flex-wrap items-end gap-2">
          {canEdit && (
            <form
              className="flex items-end gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                saveRules(rules, (cron ?? savedCron).trim(), 'Schedule saved.');
              }}
            >
              <Field label="Schedule (cron)" hint="Six fields, seconds first: 0 0 3 * * * runs daily at 03:00 UTC. Empty: none." value={cron ?? savedCron} onChange={(e) => setCron(e.target.value)} />
              <Button type="submit" disabled={cron === null || cron === savedCron}>
                Save schedule
              </Button>
            </form>
          )}
          {canEdit && rules.length > 0 && (
            <>
              <Button onClick={() => start(true)} busy={run.isPending && run.variables}>
                Dry run
              </Button>
              <Button variant="danger" onClick={() => setConfirming(true)}>
                Run now
              </Button>
            </>
          )}
        </div>
      )}
      {save.error && !editing && <p className="mt-2 text-sm text-danger">{toApiError(save.error).message}</p>}
      {policyId !== undefined && (
        <>
          <h3 className="mt-4 mb-2 text-sm font-semibold">History</h3>
          <SimpleTable<RetentionExecution>
            label="Retention executions"
            rows={executions.data}
            error={executions.error ? toApiError(executions.error).message : undefined}
            rowKey={(e) => String(e.id)}
            empty="No runs yet."
            columns={[
              { header: 'Run', cell: (e) => `${e.id}${e.dry_run ? ' (dry run)' : ''}` },
              { header: 'Status', cell: (e) => <Badge tone={STATUS_TONE[e.status] ?? 'neutral'}>{e.status}</Badge> },
              { header: 'Started', className: 'whitespace-nowrap', cell: (e) => formatTime(e.start_time) },
              { header: 'Deleted', className: 'text-right tabular-nums', cell: (e) => e.deleted ?? 0 },
              { header: 'Bytes freed', className: 'whitespace-nowrap text-right', cell: (e) => formatBytes(e.bytes_freed ?? 0) },
              {
                header: <span className="sr-only">Details</span>,
                cell: (e) => (
                  <Button size="sm" onClick={() => setSelected(e.id)} aria-pressed={shown?.id === e.id}>
                    Details of run {e.id}
                  </Button>
                ),
              },
            ]}
          />
          {shown && policyId !== undefined && <ExecutionDetail policyId={policyId} execution={shown} />}
        </>
      )}
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Run retention now"
        message={
          <>
            Delete now the artifacts of <strong>{project.name}</strong> that no rule retains? A dry run first shows which they are.
          </>
        }
        confirmLabel="Delete what no rule retains"
        busy={run.isPending}
        onConfirm={() => start(false)}
      />
      <RetentionRuleDialog
        open={editing !== null}
        initial={editing?.form ?? null}
        busy={save.isPending}
        serverError={save.error ? toApiError(save.error).message : undefined}
        onClose={() => {
          save.reset();
          setEditing(null);
        }}
        onSave={(form) => {
          const next = [...rules];
          next[editing!.index] = ruleOf(form);
          saveRules(next);
        }}
      />
    </Panel>
  );
}
