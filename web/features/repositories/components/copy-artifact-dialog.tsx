/**
 * Copy an artifact (Harbor's "Copy" action): into a project and repository by name, the
 * repository created when absent, with its tags and, optionally, a new tag. Blobs are shared.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { FormDialog } from '../../../components/ui/dialog';
import { Field, FormError } from '../../../components/ui/field';
import { useMutationForm } from '../../../lib/mutation-form';
import { REPOSITORY_PATH } from '../../../../server/api/contracts/rules/names';
import type { RepositoryRef } from '../../../lib/query-keys';
import { z } from '../../../lib/zod';
import { useCopyArtifact } from '../api/artifacts';
import { TAG_PATTERN } from '../api/tags';
import { shortDigest } from '../artifact-text';

const schema = z.object({
  projectName: z.string().trim().min(1, 'Type the name of the project to copy into.'),
  repository: z
    .string()
    .trim()
    .min(1, 'Type a repository name.')
    .regex(REPOSITORY_PATH, 'Lower case letters, digits and . _ - in parts separated by /.'),
  tag: z
    .string()
    .trim()
    .refine((tag) => tag === '' || TAG_PATTERN.test(tag), 'A tag holds up to 128 letters, digits, and . _ - and starts with a letter, a digit or _.'),
});
type CopyInput = z.output<typeof schema>;

export function CopyArtifactDialog({ source, digest, onClose }: { source: RepositoryRef; digest: string | null; onClose: () => void }) {
  const copy = useCopyArtifact(source, digest ?? '');
  const form = useForm<CopyInput>({ resolver: zodResolver(schema), values: { projectName: '', repository: source.repository, tag: '' }, mode: 'onTouched' });
  const { close, onSubmit, serverError } = useMutationForm({
    form,
    mutation: copy,
    variables: (input) => input,
    done: (input) => `Copied ${shortDigest(digest ?? '')} to ${input.projectName}/${input.repository}${input.tag ? `:${input.tag}` : ''}.`,
    onClose,
  });
  const errors = form.formState.errors;
  return (
    <FormDialog
      open={digest !== null}
      onClose={close}
      title="Copy artifact"
      description={<>Copies {digest && shortDigest(digest)} from {source.projectName}/{source.repository}, with its tags, into the repository you name (created when absent).</>}
      formId="copy-artifact"
      submitLabel="Copy"
      busy={copy.isPending}
    >
      <form id="copy-artifact" onSubmit={onSubmit} noValidate className="flex flex-col gap-3">
        <Field label="Target project" autoFocus autoComplete="off" error={errors.projectName?.message} {...form.register('projectName')} />
        <Field label="Target repository" autoComplete="off" error={errors.repository?.message} {...form.register('repository')} />
        <Field label="New tag" autoComplete="off" hint="Optional: a tag for the copy besides the ones it brings." error={errors.tag?.message} {...form.register('tag')} />
        <FormError message={serverError} />
      </form>
    </FormDialog>
  );
}
