/** Tag an artifact: the OCI tag grammar checked as you type; the server refuses a tag in use. */
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { FormDialog } from '../../../components/ui/dialog';
import { Field, FormError } from '../../../components/ui/field';
import { useMutationForm } from '../../../lib/mutation-form';
import type { RepositoryRef } from '../../../lib/query-keys';
import { newTagSchema, useCreateTag, type NewTagInput } from '../api/tags';
import { shortDigest } from '../artifact-text';

export function AddTagDialog({ target, digest, open, onOpenChange }: { target: RepositoryRef; digest: string; open: boolean; onOpenChange: (open: boolean) => void }) {
  const create = useCreateTag(target, digest);
  const form = useForm<NewTagInput>({ resolver: zodResolver(newTagSchema), defaultValues: { name: '' }, mode: 'onChange' });
  const { close, onSubmit, serverError } = useMutationForm({
    form,
    mutation: create,
    variables: (input) => input,
    done: (input) => `Tag ${input.name} added to ${shortDigest(digest)}.`,
    onClose: () => onOpenChange(false),
  });
  return (
    <FormDialog
      open={open}
      onClose={close}
      title="Add tag"
      description={<>A new name for {shortDigest(digest)} in {target.projectName}/{target.repository}.</>}
      formId="add-tag"
      submitLabel="Add tag"
      busy={create.isPending}
    >
      <form id="add-tag" onSubmit={onSubmit} noValidate className="flex flex-col gap-3">
        <Field
          label="Tag"
          autoFocus
          autoComplete="off"
          hint="Up to 128 letters, digits, and . _ - ; it starts with a letter, a digit or _."
          error={form.formState.errors.name?.message}
          {...form.register('name')}
        />
        <FormError message={serverError} />
      </form>
    </FormDialog>
  );
}
