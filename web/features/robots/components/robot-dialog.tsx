/**
 * New robot account: a name, an expiry (days, or never), and the permission picker. A project's
 * robot acts in that project; a system robot in every project or in the projects named. On
 * success the caller shows the secret (SecretDialog), the only time it is seen.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { ROBOT_NAME } from '../../../../server/api/contracts/rules/names';
import { useEffect, useState } from 'react';
import { useForm, type Path } from 'react-hook-form';
import { FormDialog } from '../../../components/ui/dialog';
import { CheckField, Field, FormError, SelectField } from '../../../components/ui/field';
import { toApiError } from '../../../lib/api-client';
import type { Project, RobotCreate, RobotCreated } from '../../../lib/api-types';
import { labelRefusal } from '../../../lib/field-labels';
import { isInputRefusal } from '../../../lib/field-message';
import { useMutationForm } from '../../../lib/mutation-form';
import { z } from '../../../lib/zod';
import { useCreateRobot, usePermissionOffer } from '../api/robots';
import { PermissionPicker } from './permission-picker';

const schema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'Enter a name.')
      .max(255, 'At most 255 characters.')
      .regex(ROBOT_NAME, 'Use lower-case letters and digits, with single . _ or - between them.'),
    description: z.string().max(1024, 'At most 1024 characters.'),
    never: z.boolean(),
    days: z.string(),
    coverage: z.enum(['all', 'some']),
    projects: z.string(),
  })
  .superRefine((input, ctx) => {
    if (!input.never && !/^[1-9]\d{0,8}$/.test(input.days.trim())) ctx.addIssue({ code: 'custom', path: ['days'], message: 'Enter a number of days from 1, or tick Never expires.' });
    if (input.coverage === 'some' && !input.projects.trim()) ctx.addIssue({ code: 'custom', path: ['projects'], message: 'Name at least one project.' });
  });
type RobotInput = z.infer<typeof schema>;

const LABELS: Record<string, string> = {
  name: 'Name',
  description: 'Description',
  duration: 'Expiration (days)',
  days: 'Expiration (days)',
  permissions: 'Permissions',
  projects: 'Projects',
};
const FIELDS = new Set(['name', 'description', 'days', 'projects']);
const EMPTY: RobotInput = { name: '', description: '', never: false, days: '30', coverage: 'all', projects: '' };
const DEFAULT_PAIRS = ['repository:pull', 'repository:push', 'artifact:read', 'tag:create'];

function bodyOf(input: RobotInput, project: Project | null, pairs: Set<string>): RobotCreate {
  const access = [...pairs].map((pair) => ({ resource: pair.split(':')[0]!, action: pair.split(':')[1]!, effect: 'allow' }));
  const namespaces = project ? [project.name] : input.coverage === 'all' ? ['*'] : input.projects.split(/[\s,]+/).filter(Boolean);
  return {
    name: input.name.trim(),
    description: input.description,
    level: project ? 'project' : 'system',
    duration: input.never ? -1 : Number(input.days.trim()),
    permissions: namespaces.map((namespace) => ({ kind: 'project', namespace, access })),
  };
}

export interface RobotDialogProps {
  open: boolean;
  /** The project of a project robot; null for a system robot. */
  project: Project | null;
  onClose: () => void;
  onCreated: (created: RobotCreated) => void;
}

export function RobotDialog({ open, project, onClose, onCreated }: RobotDialogProps) {
  const offer = usePermissionOffer();
  const create = useCreateRobot(onCreated);
  const [pairs, setPairs] = useState(() => new Set(DEFAULT_PAIRS));
  const form = useForm<RobotInput>({ resolver: zodResolver(schema), defaultValues: EMPTY, mode: 'onTouched' });
  const errors = form.formState.errors;

  useEffect(() => {
    if (!open) return;
    form.reset(EMPTY);
    setPairs(new Set(DEFAULT_PAIRS));
  }, [open, form]);

  const { close, onSubmit } = useMutationForm({
    form,
    mutation: create,
    variables: (input) => bodyOf(input, project, pairs),
    done: (input) => `Robot account ${input.name.trim()} created.`,
    onClose,
  });

  const refusal = create.error ? labelRefusal(toApiError(create.error), LABELS) : undefined;
  useEffect(() => {
    if (!refusal?.field || !create.error || !isInputRefusal(toApiError(create.error))) return;
    const field = refusal.field === 'duration' ? 'days' : refusal.field;
    if (FIELDS.has(field)) {
      form.setError(field as Path<RobotInput>, { type: 'server', message: refusal.text }, { shouldFocus: true });
      create.reset();
    }
  }, [refusal?.field, refusal?.text, create, form]);

  const never = form.watch('never');
  const coverage = form.watch('coverage');
  const pairsMissing = form.formState.isSubmitted && pairs.size === 0;

  return (
    <FormDialog
      open={open}
      onClose={close}
      title={project ? `New robot account in ${project.name}` : 'New system robot account'}
      formId="robot-form"
      submitLabel="Create"
      busy={create.isPending}
      width="lg"
    >
      <form
        id="robot-form"
        onSubmit={(e) => {
          if (pairs.size === 0) {
            e.preventDefault();
            void form.trigger();
            return;
          }
          onSubmit(e);
        }}
        className="grid gap-3 sm:grid-cols-2"
        noValidate
      >
        <Field label={LABELS.name!} autoComplete="off" autoFocus hint={project ? `Signs in as robot$${project.name}+<name>.` : 'Signs in as robot$<name>.'} error={errors.name?.message} {...form.register('name')} />
        <Field label={LABELS.description!} autoComplete="off" error={errors.description?.message} {...form.register('description')} />
        <Field label={LABELS.days!} inputMode="numeric" autoComplete="off" disabled={never} error={errors.days?.message} {...form.register('days')} />
        <CheckField className="self-end pb-2" label="Never expires" {...form.register('never')} />
        {!project && (
          <>
            <SelectField label="Project coverage" {...form.register('coverage')}>
              <option value="all">All projects</option>
              <option value="some">Only the projects named</option>
            </SelectField>
            <Field
              label={LABELS.projects!}
              autoComplete="off"
              disabled={coverage === 'all'}
              hint="Project names, separated by commas."
              error={errors.projects?.message}
              {...form.register('projects')}
            />
          </>
        )}
        <div className="sm:col-span-2">
          {offer.data?.project ? (
            <PermissionPicker legend={LABELS.permissions!} offer={offer.data.project} value={pairs} onChange={setPairs} />
          ) : (
            <p className="text-sm text-muted">{offer.isError ? toApiError(offer.error).message : 'Loading the permissions…'}</p>
          )}
          {pairsMissing && <p className="mt-1 text-sm text-danger">Choose at least one permission.</p>}
        </div>
        <div className="sm:col-span-2">
          <FormError message={refusal?.field && FIELDS.has(refusal.field === 'duration' ? 'days' : refusal.field) ? undefined : refusal?.text} />
        </div>
      </form>
    </FormDialog>
  );
}
