/** A repository's description: Markdown shown rendered; those who may update it edit the source. */
import { zodResolver } from '@hookform/resolvers/zod';
import { Pencil } from 'lucide-react';
import { lazy, Suspense, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Button } from '../../../components/ui/button';
import { FormError, TextAreaField } from '../../../components/ui/field';
import { Panel } from '../../../components/ui/panel';
import type { Repository } from '../../../lib/api-types';
import { useMutationForm } from '../../../lib/mutation-form';
import type { RepositoryRef } from '../../../lib/query-keys';
import { descriptionSchema, useUpdateDescription, type DescriptionInput } from '../api/repositories';

const Markdown = lazy(() => import('./markdown'));

const placeholder = <div className="h-5 w-2/3 animate-pulse rounded bg-surface-2" aria-hidden />;

function DescriptionForm({ target, description, onClose }: { target: RepositoryRef; description: string; onClose: () => void }) {
  const update = useUpdateDescription(target);
  const form = useForm<DescriptionInput>({ resolver: zodResolver(descriptionSchema), defaultValues: { description } });
  const { close, onSubmit, serverError } = useMutationForm({ form, mutation: update, variables: (input) => input, done: () => 'Description saved.', onClose });
  return (
    <form onSubmit={onSubmit} aria-label="Edit description" className="flex flex-col gap-3" noValidate>
      <TextAreaField
        label="Description"
        rows={8}
        autoFocus
        className="[&_textarea]:font-mono"
        hint="Markdown: headings, lists, links, code, tables. HTML is not rendered."
        error={form.formState.errors.description?.message}
        {...form.register('description')}
      />
      <FormError message={serverError} />
      <div className="flex justify-end gap-2">
        <Button onClick={close}>Cancel</Button>
        <Button variant="primary" type="submit" busy={update.isPending}>
          Save description
        </Button>
      </div>
    </form>
  );
}

export function DescriptionPanel({ target, repository, canEdit }: { target: RepositoryRef; repository: Repository | undefined; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  const text = repository?.description ?? '';
  const edit = canEdit && !editing && repository && (
    <Button size="sm" variant="ghost" onClick={() => setEditing(true)}>
      <Pencil size={14} aria-hidden /> Edit description
    </Button>
  );
  return (
    <Panel title="Description" actions={<div className="h-7">{edit}</div>} className="mb-4">
      {!repository ? (
        placeholder
      ) : editing ? (
        <DescriptionForm target={target} description={text} onClose={() => setEditing(false)} />
      ) : text.trim() ? (
        <Suspense fallback={placeholder}>
          <Markdown source={text} />
        </Suspense>
      ) : (
        <p className="text-sm text-muted">
          {canEdit ? 'No description yet. Say what this repository holds and how to use its images; Markdown is welcome.' : 'No description yet.'}
        </p>
      )}
    </Panel>
  );
}
