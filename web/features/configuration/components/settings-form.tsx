/**
 * One tab's settings form: zod on the client; Save sends only the settings that differ from
 * the saved ones (and a secret only when typed or cleared on purpose); a 400 or 422 from the server
 * lands next to the field it names, anything else under the form.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, type ReactNode } from 'react';
import { useForm, type DefaultValues, type FieldValues, type Path, type Resolver } from 'react-hook-form';
import { useBlocker } from 'react-router';
import { toast } from 'sonner';
import { Button } from '../../../components/ui/button';
import { ConfirmDialog } from '../../../components/ui/dialog';
import { FormError } from '../../../components/ui/field';
import { toApiError } from '../../../lib/api-client';
import { fieldMessage, isInputRefusal } from '../../../lib/field-message';
import type { z } from '../../../lib/zod';
import { useConfigurations, useSaveConfigurations, type Configurations } from '../api/configurations';

export interface SettingsFormOptions<T extends FieldValues> {
  schema: z.ZodType<T, T>;
  /** The form's values for the saved settings. */
  initial: T;
  /** The settings the values stand for; secrets only when they are to change. */
  toSettings: (values: T) => Record<string, unknown>;
  /** The form field a setting belongs to, when its name differs (email_ssl -> email_tls). */
  fieldOf?: (key: string) => string | undefined;
  /** The form's values once saved (typed secrets emptied again). */
  afterSave?: (values: T) => T;
  /** The toast after saving. */
  saved: string;
}

export function useSettingsForm<T extends FieldValues>({ schema, initial, toSettings, fieldOf, afterSave, saved }: SettingsFormOptions<T>) {
  const form = useForm<T>({ resolver: zodResolver(schema) as unknown as Resolver<T>, defaultValues: initial as DefaultValues<T>, mode: 'onTouched' });
  const save = useSaveConfigurations();

  /** A refusal naming a field of this form goes next to it; undefined when it did. */
  const placeError = (err: unknown): void => {
    const error = toApiError(err);
    if (!isInputRefusal(error)) return;
    const { field, text } = fieldMessage(error);
    const target = field && (fieldOf?.(field) ?? (field in initial ? field : undefined));
    if (target) {
      form.setError(target as Path<T>, { type: 'server', message: text }, { shouldFocus: true });
      save.reset();
    }
  };

  const onSubmit = form.handleSubmit((values) => {
    const before = toSettings(form.formState.defaultValues as T);
    const after = toSettings(values);
    const changes = Object.fromEntries(Object.entries(after).filter(([key, value]) => !(key in before) || before[key] !== value));
    if (Object.keys(changes).length === 0) {
      toast.info('Nothing has changed.');
      form.reset(values);
      return;
    }
    save.mutate(changes, {
      onSuccess: () => {
        toast.success(saved);
        form.reset(afterSave ? afterSave(values) : values);
      },
      onError: placeError,
    });
  });

  return {
    form,
    onSubmit: (e: React.FormEvent) => void onSubmit(e),
    saving: save.isPending,
    /** The server's refusal when it names no field of this form. */
    refusal: save.error ? toApiError(save.error).message : undefined,
  };
}

/**
 * Unsaved edits are not dropped by a click elsewhere: leaving the page (another tab, the
 * navigation) asks first, and closing or reloading the browser tab gets the browser's own prompt.
 */
function LeaveGuard({ dirty }: { dirty: boolean }) {
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  return (
    <ConfirmDialog
      open={blocker.state === 'blocked'}
      onOpenChange={(open) => !open && blocker.reset?.()}
      title="Leave without saving?"
      message="The changes on this page are not saved. Leaving discards them."
      confirmLabel="Discard changes and leave"
      onConfirm={() => blocker.proceed?.()}
    />
  );
}

/** Save and Discard under a settings form, with the refusal that belongs to no field. */
export function SaveBar({ dirty, saving, refusal, onDiscard, children }: { dirty: boolean; saving: boolean; refusal: string | undefined; onDiscard: () => void; children?: ReactNode }) {
  return (
    <div className="flex flex-col gap-2">
      <LeaveGuard dirty={dirty && !saving} />
      <FormError message={refusal} />
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="primary" type="submit" busy={saving} disabled={!dirty}>
          Save
        </Button>
        <Button onClick={onDiscard} disabled={!dirty || saving}>
          Discard changes
        </Button>
        {children}
      </div>
    </div>
  );
}

/** The shape of a tab's panels while the settings load, so nothing jumps when they arrive. */
function SettingsSkeleton({ rows }: { rows: number }) {
  return (
    <div className="rounded-lg border border-border bg-surface p-4" aria-busy="true" aria-label="Loading the settings">
      <div className="mb-4 h-4 w-40 animate-pulse rounded bg-surface-2" />
      <div className="grid gap-4 md:grid-cols-2">
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="flex flex-col gap-1">
            <div className="h-3 w-24 animate-pulse rounded bg-surface-2" />
            <div className="h-8 animate-pulse rounded bg-surface-2" />
          </div>
        ))}
      </div>
    </div>
  );
}

/** A tab once the settings are in: a skeleton of `rows` fields until then, or why they could not be read. */
export function SettingsTab({ rows, children }: { rows: number; children: (config: Configurations) => ReactNode }) {
  const config = useConfigurations();
  if (config.isPending) return <SettingsSkeleton rows={rows} />;
  if (config.isError) {
    return (
      <p role="alert" className="rounded-lg border border-danger/30 bg-danger/10 p-4 text-sm text-danger">
        {toApiError(config.error).message}
      </p>
    );
  }
  return children(config.data);
}
