import { zodResolver } from '@hookform/resolvers/zod';
import { Check, X } from 'lucide-react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { Button } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { Field } from '../../../components/ui/field';
import { toApiError } from '../../../lib/api-client';
import { createProjectSchema, projectNameRules, useCreateProject, type CreateProjectInput } from '../api/projects';

export function CreateProjectDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const create = useCreateProject();
  const form = useForm<CreateProjectInput>({
    resolver: zodResolver(createProjectSchema),
    defaultValues: { project_name: '', public: false },
    mode: 'onChange',
  });
  const name = form.watch('project_name');
  const close = (next: boolean) => {
    if (!next) {
      form.reset();
      create.reset();
    }
    onOpenChange(next);
  };
  const submit = form.handleSubmit((input) =>
    create.mutate(input, {
      onSuccess: () => {
        toast.success(`Project ${input.project_name} created.`);
        close(false);
      },
    }),
  );
  const serverError = create.error ? toApiError(create.error).message : undefined;
  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title="New project"
      footer={
        <>
          <Button onClick={() => close(false)}>Cancel</Button>
          <Button variant="primary" type="submit" form="create-project" busy={create.isPending}>
            Create
          </Button>
        </>
      }
    >
      <form id="create-project" onSubmit={(e) => void submit(e)} className="flex flex-col gap-3" noValidate>
        <Field label="Project name" autoFocus autoComplete="off" error={form.formState.errors.project_name?.message} {...form.register('project_name')} />
        <ul className="flex flex-col gap-0.5 text-xs" aria-label="Name rules">
          {projectNameRules.map((rule) => {
            const ok = name.length > 0 && rule.test(name);
            return (
              <li key={rule.text} className={ok ? 'flex items-center gap-1 text-success' : 'flex items-center gap-1 text-muted'}>
                {ok ? <Check size={12} aria-hidden /> : <X size={12} aria-hidden />}
                {rule.text}
              </li>
            );
          })}
        </ul>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" {...form.register('public')} />
          Public: anyone, even without signing in, can pull its images
        </label>
        {serverError && (
          <p className="text-sm text-danger" role="alert">
            {serverError}
          </p>
        )}
      </form>
    </Dialog>
  );
}
