/** New project: the name rules ticked as you type, public or private. */
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { FormDialog } from '../../../components/ui/dialog';
import { Field, FormError } from '../../../components/ui/field';
import { RuleList } from '../../../components/ui/rule-list';
import { useMutationForm } from '../../../lib/mutation-form';
import { useCreateProject } from '../api/create-project';
import { createProjectSchema, projectNameRules, type CreateProjectInput } from '../api/project-name';

export default function CreateProjectDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const create = useCreateProject();
  const form = useForm<CreateProjectInput>({
    resolver: zodResolver(createProjectSchema),
    defaultValues: { project_name: '', public: false },
    mode: 'onChange',
  });
  const { close, onSubmit, serverError } = useMutationForm({
    form,
    mutation: create,
    variables: (input) => input,
    done: (input) => `Project ${input.project_name} created.`,
    onClose: () => onOpenChange(false),
  });
  return (
    <FormDialog open={open} onClose={close} title="New project" formId="create-project" submitLabel="Create" busy={create.isPending}>
      <form id="create-project" onSubmit={onSubmit} className="flex flex-col gap-3" noValidate>
        <Field label="Project name" autoFocus autoComplete="off" error={form.formState.errors.project_name?.message} {...form.register('project_name')} />
        <RuleList label="Name rules" caption="The name needs:" rules={projectNameRules} value={form.watch('project_name')} />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" {...form.register('public')} />
          Public: anyone, even without signing in, can pull its images
        </label>
        <FormError message={serverError} />
      </form>
    </FormDialog>
  );
}
