/**
 * New and Edit replication rule, on a page of its own (the form is long, and at 390 px a page
 * scrolls where a dialog would not). The preview beside it shows what the name filter selects.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { useNavigate, useParams } from 'react-router';
import { toast } from 'sonner';
import { Button } from '../../components/ui/button';
import { CheckField, Field, FormError, SelectField, TextAreaField } from '../../components/ui/field';
import { PageHeader } from '../../components/ui/misc';
import { Panel } from '../../components/ui/panel';
import { QueryProblem } from '../../components/ui/query-problem';
import { paths } from '../../config/paths';
import { toApiError } from '../../lib/api-client';
import { labelRefusal } from '../../lib/field-labels';
import { isInputRefusal } from '../../lib/field-message';
import { usePageTitle } from '../../lib/page-title';
import { usePolicy, useRegistryChoices, useSavePolicy } from './api/replication';
import { RepositoryPreview } from './components/repository-preview';
import { EMPTY_RULE, FLATTENING, RULE_FIELD_OF, RULE_LABELS, ruleFormOf, ruleRequestOf, ruleSchema, type RuleInput } from './rule-form';

function RuleForm({ policyId, initial }: { policyId: number | null; initial: RuleInput }) {
  const navigate = useNavigate();
  const save = useSavePolicy();
  const registries = useRegistryChoices();
  const form = useForm<RuleInput>({ resolver: zodResolver(ruleSchema), defaultValues: initial, mode: 'onTouched' });
  const errors = form.formState.errors;
  const [mode, trigger, nameFilter, tagFilter, registryId] = form.watch(['mode', 'trigger', 'name_filter', 'tag_filter', 'registry_id']);

  // A pull rule cannot follow events; switching to pull falls back to manual.
  useEffect(() => {
    if (mode === 'pull' && form.getValues('trigger') === 'event_based') form.setValue('trigger', 'manual');
  }, [mode, form]);

  const onSubmit = form.handleSubmit((input) =>
    save.mutate(policyId === null ? { id: null, body: ruleRequestOf(input) } : { id: policyId, body: ruleRequestOf(input) }, {
      onSuccess: () => {
        toast.success(policyId === null ? `Rule ${input.name.trim()} created.` : `Rule ${input.name.trim()} saved.`);
        void navigate(paths.admin.replications);
      },
      onError: (err) => {
        const error = toApiError(err);
        const refusal = labelRefusal(error, RULE_LABELS);
        const field = refusal.field && RULE_FIELD_OF[refusal.field];
        if (isInputRefusal(error) && field) {
          form.setError(field, { type: 'server', message: refusal.text }, { shouldFocus: true });
          save.reset();
        }
      },
    }),
  );
  const refusal = save.error ? labelRefusal(toApiError(save.error), RULE_LABELS).text : undefined;
  const registryLabel = mode === 'push' ? 'Destination registry' : 'Source registry';
  const preview = <RepositoryPreview mode={mode} registryId={Number(registryId) || null} pattern={nameFilter} tagFilter={tagFilter} />;

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label="Replication rule" className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <div className="flex min-w-0 flex-col gap-4">
        <Panel title="Rule">
          <div className="grid gap-3 md:grid-cols-2">
            <Field label="Name" autoComplete="off" autoFocus error={errors.name?.message} {...form.register('name')} />
            <SelectField
              label="Replication mode"
              hint={mode === 'push' ? 'Copies from this registry to the endpoint.' : 'Copies from the endpoint into this registry.'}
              error={errors.mode?.message}
              {...form.register('mode')}
            >
              <option value="push">Push-based</option>
              <option value="pull">Pull-based</option>
            </SelectField>
            <TextAreaField label="Description" className="md:col-span-2" rows={2} error={errors.description?.message} {...form.register('description')} />
            <SelectField
              label={registryLabel}
              className="md:col-span-2"
              error={errors.registry_id?.message ?? (registries.error ? toApiError(registries.error).message : undefined)}
              hint={registries.data?.length === 0 ? 'No registry endpoints yet: create one under Administration > Registries first.' : undefined}
              {...form.register('registry_id')}
            >
              <option value="">{registries.isPending ? 'Loading…' : 'Choose an endpoint'}</option>
              {registries.data?.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name} ({r.url})
                </option>
              ))}
            </SelectField>
          </div>
        </Panel>
        <Panel title="Source resource filter">
          <div className="grid gap-3 md:grid-cols-2">
            <Field
              label="Repository name"
              className="md:col-span-2"
              autoComplete="off"
              placeholder="library/**"
              hint="Repositories, with the project: * within a path segment, ** across them, {a,b} either. Empty selects all."
              error={errors.name_filter?.message}
              {...form.register('name_filter')}
            />
            <Field
              label="Tag"
              autoComplete="off"
              placeholder="v*"
              hint="Empty selects every tag."
              error={errors.tag_filter?.message}
              {...form.register('tag_filter')}
            />
            <SelectField label="Tags that" error={errors.tag_decoration?.message} {...form.register('tag_decoration')}>
              <option value="matches">match the tag filter</option>
              <option value="excludes">do not match the tag filter</option>
            </SelectField>
            <Field
              label="Labels"
              autoComplete="off"
              placeholder="release, approved"
              hint={mode === 'pull' ? 'Label names, separated by commas. A source without Harbor labels lets every artifact through.' : 'Label names, separated by commas. Empty selects all.'}
              error={errors.label_filter?.message}
              {...form.register('label_filter')}
            />
            <SelectField label="Artifacts that" error={errors.label_decoration?.message} {...form.register('label_decoration')}>
              <option value="matches">carry all these labels</option>
              <option value="excludes">do not carry all these labels</option>
            </SelectField>
            <SelectField label="Resource type" error={errors.resource?.message} {...form.register('resource')}>
              <option value="">All</option>
              <option value="image">Images</option>
              <option value="artifact">Artifacts (Helm charts, SBOMs, ...)</option>
            </SelectField>
          </div>
        </Panel>
        {/* On a narrow screen the preview follows the filters it previews. */}
        <div className="lg:hidden">{preview}</div>
        <Panel title="Destination">
          <div className="grid gap-3 md:grid-cols-2">
            <Field
              label="Destination namespace"
              autoComplete="off"
              placeholder="Same as the source"
              hint={mode === 'pull' ? 'The local project; empty keeps the source project name.' : 'Empty keeps the source namespace.'}
              error={errors.dest_namespace?.message}
              {...form.register('dest_namespace')}
            />
            <SelectField label="Flattening" error={errors.flattening?.message} {...form.register('flattening')}>
              {FLATTENING.map((f) => (
                <option key={f.value} value={f.value}>
                  {f.label}
                </option>
              ))}
            </SelectField>
          </div>
        </Panel>
        <Panel title="Trigger and options">
          <div className="grid gap-3 md:grid-cols-2">
            <SelectField label="Trigger mode" error={errors.trigger?.message} {...form.register('trigger')}>
              <option value="manual">Manual</option>
              <option value="scheduled">Scheduled</option>
              {mode === 'push' && <option value="event_based">Event-based (as images are pushed and deleted)</option>}
            </SelectField>
            {trigger === 'scheduled' && (
              <Field
                label="Cron string"
                autoComplete="off"
                placeholder="0 0 * * * *"
                hint="Six fields: seconds, minutes, hours, day of month, month, day of week."
                error={errors.cron?.message}
                {...form.register('cron')}
              />
            )}
            {trigger === 'event_based' && (
              <CheckField className="md:col-span-2" label="Delete remote resources when locally deleted" {...form.register('replicate_deletion')} />
            )}
            <Field
              label="Bandwidth (KB/s per task)"
              inputMode="numeric"
              autoComplete="off"
              placeholder="No limit"
              error={errors.speed?.message}
              {...form.register('speed')}
            />
            <div className="flex flex-col gap-2 md:col-span-2">
              <CheckField label="Override" hint="Replace an artifact the destination already has under the same name and tag." {...form.register('override')} />
              <CheckField label="Enable rule" {...form.register('enabled')} />
            </div>
          </div>
        </Panel>
        <FormError message={refusal} />
        <div className="flex flex-wrap gap-2">
          <Button variant="primary" type="submit" busy={save.isPending}>
            {policyId === null ? 'Create rule' : 'Save rule'}
          </Button>
          <Button onClick={() => void navigate(paths.admin.replications)}>Cancel</Button>
        </div>
      </div>
      <div className="hidden min-w-0 lg:block">{preview}</div>
    </form>
  );
}

export default function RulePage() {
  const { policyId: param } = useParams();
  const policyId = param ? Number(param) : null;
  const policy = usePolicy(policyId);
  const title = policyId === null ? 'New replication rule' : `Edit ${policy.data?.name ?? 'replication rule'}`;
  usePageTitle(title);
  return (
    <>
      <PageHeader crumbs={[{ label: 'Administration' }, { label: 'Replications', to: paths.admin.replications }]} title={title} />
      {policyId === null ? (
        <RuleForm policyId={null} initial={EMPTY_RULE} />
      ) : policy.error ? (
        <QueryProblem error={policy.error} what="this replication rule" onRetry={() => void policy.refetch()} />
      ) : policy.data ? (
        <RuleForm key={policy.data.id} policyId={policyId} initial={ruleFormOf(policy.data)} />
      ) : (
        <p className="text-muted">Loading the rule…</p>
      )}
    </>
  );
}
