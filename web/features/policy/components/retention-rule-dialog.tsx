/** Adding or changing one retention rule: which repositories, what to retain, which tags. */
import { useEffect, useState } from 'react';
import { CheckField, Field, FormError, SelectField } from '../../../components/ui/field';
import { FormDialog } from '../../../components/ui/dialog';
import { EMPTY_RULE, formProblem, TEMPLATES, type RuleForm } from '../rule-text';
import { RepositorySelector, TagSelector } from './selector-fields';

export function RetentionRuleDialog({ open, initial, busy, serverError, onClose, onSave }: {
  open: boolean;
  initial: RuleForm | null;
  busy: boolean;
  serverError: string | undefined;
  onClose: () => void;
  onSave: (form: RuleForm) => void;
}) {
  const [form, setForm] = useState<RuleForm>(initial ?? EMPTY_RULE);
  const [problem, setProblem] = useState<ReturnType<typeof formProblem>>(null);
  useEffect(() => {
    if (open) {
      setForm(initial ?? EMPTY_RULE);
      setProblem(null);
    }
  }, [open, initial]);
  const set = <K extends keyof RuleForm>(key: K, value: RuleForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const unit = TEMPLATES.find((t) => t.id === form.template)?.unit;
  const errorOf = (field: keyof RuleForm) => (problem?.field === field ? problem.message : undefined);

  return (
    <FormDialog open={open} onClose={onClose} title={initial ? 'Edit retention rule' : 'Add retention rule'} formId="retention-rule" submitLabel="Save rule" busy={busy}>
      <form
        id="retention-rule"
        noValidate
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          const found = formProblem(form);
          setProblem(found);
          if (!found) onSave(form);
        }}
      >
        <RepositorySelector values={form} errors={{ repoPattern: errorOf('repoPattern') }} onChange={(patch) => setForm((f) => ({ ...f, ...patch }) as RuleForm)} />
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-[1fr_8rem]">
          <SelectField label="Retain" value={form.template} onChange={(e) => set('template', e.target.value)}>
            {TEMPLATES.map((t) => (
              <option key={t.id} value={t.id}>
                {t.text}
              </option>
            ))}
          </SelectField>
          {unit && <Field label={unit} inputMode="numeric" value={form.count} error={errorOf('count')} onChange={(e) => set('count', e.target.value)} />}
        </div>
        <TagSelector values={form} errors={{ tagPattern: errorOf('tagPattern') }} onChange={(patch) => setForm((f) => ({ ...f, ...patch }) as RuleForm)} />
        <CheckField label="Include untagged artifacts" checked={form.untagged} onChange={(e) => set('untagged', e.target.checked)} hint="Otherwise untagged artifacts are never retained by this rule." />
        <FormError message={serverError} />
      </form>
    </FormDialog>
  );
}
