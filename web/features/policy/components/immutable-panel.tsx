/** Immutable tag rules: tags they match cannot be moved by a push or copy, nor deleted, until the rule is disabled. */
import { Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '../../../components/ui/button';
import { ConfirmMutation } from '../../../components/ui/confirm-mutation';
import { FormError } from '../../../components/ui/field';
import { FormDialog } from '../../../components/ui/dialog';
import { Panel } from '../../../components/ui/panel';
import { SimpleTable } from '../../../components/ui/simple-table';
import { toApiError } from '../../../lib/api-client';
import type { ImmutableRule } from '../../../lib/api-types';
import { useDeleteImmutableRule, useImmutableRules, useSaveImmutableRule } from '../api/policy';
import { immutableRuleText } from '../rule-text';
import { RepositorySelector, TagSelector, type SelectorValues } from './selector-fields';

function AddImmutableRuleDialog({ projectId, open, onClose }: { projectId: number; open: boolean; onClose: () => void }) {
  const save = useSaveImmutableRule(projectId);
  const [values, setValues] = useState<SelectorValues>({ repoDecoration: 'repoMatches', repoPattern: '**', tagDecoration: 'matches', tagPattern: '' });
  const { repoDecoration, repoPattern, tagDecoration, tagPattern } = values;
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);
  const close = () => {
    save.reset();
    setProblem(null);
    onClose();
  };
  return (
    <FormDialog open={open} onClose={close} title="Add immutable tag rule" formId="immutable-rule" submitLabel="Add rule" busy={save.isPending}>
      <form
        id="immutable-rule"
        noValidate
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          const found = !repoPattern.trim()
            ? { field: 'repo', message: 'Repository pattern is required: ** selects every repository.' }
            : !tagPattern.trim()
              ? { field: 'tag', message: 'Tag pattern is required, such as v* or release-**.' }
              : null;
          setProblem(found);
          if (found) return;
          const rule = {
            tag_selectors: [{ kind: 'doublestar', decoration: tagDecoration, pattern: tagPattern.trim() }],
            scope_selectors: { repository: [{ kind: 'doublestar', decoration: repoDecoration, pattern: repoPattern.trim() }] },
          };
          save.mutate({ rule }, { onSuccess: () => (toast.success('Immutable tag rule added.'), close()) });
        }}
      >
        <RepositorySelector values={values} errors={{ repoPattern: problem?.field === 'repo' ? problem.message : undefined }} onChange={(patch) => setValues((v) => ({ ...v, ...patch }))} />
        <TagSelector values={values} errors={{ tagPattern: problem?.field === 'tag' ? problem.message : undefined }} onChange={(patch) => setValues((v) => ({ ...v, ...patch }))} />
        <FormError message={save.error ? toApiError(save.error).message : undefined} />
      </form>
    </FormDialog>
  );
}

export function ImmutablePanel({ projectId, canEdit }: { projectId: number; canEdit: boolean }) {
  const rules = useImmutableRules(projectId);
  const save = useSaveImmutableRule(projectId);
  const remove = useDeleteImmutableRule(projectId);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<ImmutableRule | null>(null);
  const toggle = (rule: ImmutableRule) =>
    save.mutate(
      { id: rule.id, rule: { disabled: !rule.disabled } },
      { onSuccess: () => toast.success(rule.disabled ? 'Rule enabled.' : 'Rule disabled.'), onError: (err) => toast.error(toApiError(err).message) },
    );
  return (
    <Panel
      title="Immutable tag rules"
      className="mt-4"
      actions={
        canEdit && (
          <Button size="sm" variant="primary" onClick={() => setAdding(true)}>
            <Plus size={14} aria-hidden /> Add immutable rule
          </Button>
        )
      }
    >
      <SimpleTable<ImmutableRule>
        label="Immutable tag rules"
        rows={rules.data}
        error={rules.error ? toApiError(rules.error).message : undefined}
        rowKey={(r) => String(r.id)}
        empty="No immutable tag rules: every tag can be moved and deleted."
        columns={[
          { header: 'Rule', className: '[overflow-wrap:anywhere]', cell: (r) => immutableRuleText(r) },
          { header: 'State', cell: (r) => (r.disabled ? 'Disabled' : 'Enabled') },
          {
            header: <span className="sr-only">Actions</span>,
            className: 'whitespace-nowrap text-right',
            cell: (r) =>
              canEdit && (
                <>
                  <Button size="sm" onClick={() => toggle(r)}>
                    {r.disabled ? 'Enable' : 'Disable'}
                  </Button>
                  <Button size="sm" variant="ghost" aria-label={`Delete immutable rule ${r.id}`} onClick={() => setRemoving(r)}>
                    <Trash2 size={14} aria-hidden />
                  </Button>
                </>
              ),
          },
        ]}
      />
      <AddImmutableRuleDialog projectId={projectId} open={adding} onClose={() => setAdding(false)} />
      <ConfirmMutation
        target={removing}
        onClose={() => setRemoving(null)}
        mutation={remove}
        title="Delete immutable tag rule"
        message={(r) => <>Delete the rule “{immutableRuleText(r)}”? The tags it protects can then be moved and deleted.</>}
        confirmLabel={() => 'Delete rule'}
        done={() => 'Immutable tag rule deleted.'}
      />
    </Panel>
  );
}
