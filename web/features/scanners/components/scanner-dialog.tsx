/**
 * New and Edit scanner (Harbor's scanner registration dialog): name, endpoint, authorization
 * with its credential (user and password, a token or an API key), certificate check and the
 * internal registry address. "Test connection" tries what is typed; on edit an empty credential
 * keeps the saved one, and the test then asks the saved registration's adapter.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useMemo } from 'react';
import { useForm } from 'react-hook-form';
import { FormDialog } from '../../../components/ui/dialog';
import { CheckField, Field, FormError, SelectField, TextAreaField } from '../../../components/ui/field';
import { outcomeOf, TestConnection } from '../../../components/ui/test-result';
import { toApiError } from '../../../lib/api-client';
import { labelRefusal } from '../../../lib/field-labels';
import { useMutationForm } from '../../../lib/mutation-form';
import { z } from '../../../lib/zod';
import { usePingScanner, useSaveScanner, type SaveScanner, type ScannerRegistration, type ScannerRequest } from '../api/scanners';

/** Harbor's authorization types, by what the console calls them. */
export const AUTH_LABELS: Record<string, string> = { '': 'None', Basic: 'Basic', Bearer: 'Bearer', 'X-ScannerAdapter-API-Key': 'API key' };

const LABELS: Record<string, string> = {
  name: 'Name',
  description: 'Description',
  url: 'Endpoint',
  auth: 'Authorization',
  access_credential: 'Credential',
  username: 'Username',
  password: 'Password',
  secret: 'Token',
  skip_certVerify: 'Skip certificate verification',
  use_internal_addr: 'Use internal registry address',
};

const schemaFor = (editing: boolean) =>
  z
    .object({
      name: z.string().trim().min(1, 'Enter a name.').max(255, 'At most 255 characters.'),
      description: z.string().max(1024, 'At most 1024 characters.'),
      url: z
        .string()
        .trim()
        .min(1, 'Enter the endpoint URL.')
        .regex(/^https?:\/\/[^\s/]+/i, 'Enter an address that starts with http:// or https://, such as http://scanner.example.com:8080.'),
      auth: z.enum(['', 'Basic', 'Bearer', 'X-ScannerAdapter-API-Key']),
      username: z.string(),
      password: z.string(),
      secret: z.string(),
      skip_cert_verify: z.boolean(),
      use_internal_addr: z.boolean(),
    })
    .superRefine((input, ctx) => {
      // On edit an empty credential keeps the saved one; a new registration needs its own.
      if (editing || !input.auth) return;
      if (input.auth === 'Basic') {
        if (!input.username.trim()) ctx.addIssue({ code: 'custom', path: ['username'], message: 'Enter the username.' });
        if (!input.password) ctx.addIssue({ code: 'custom', path: ['password'], message: 'Enter the password.' });
      } else if (!input.secret) {
        ctx.addIssue({ code: 'custom', path: ['secret'], message: `Enter the ${input.auth === 'Bearer' ? 'token' : 'API key'}.` });
      }
    });
type ScannerInput = z.infer<ReturnType<typeof schemaFor>>;

const EMPTY: ScannerInput = { name: '', description: '', url: '', auth: '', username: '', password: '', secret: '', skip_cert_verify: false, use_internal_addr: false };

const formOf = (s: ScannerRegistration): ScannerInput => ({
  ...EMPTY,
  name: s.name,
  description: s.description,
  url: s.url,
  auth: (s.auth in AUTH_LABELS ? s.auth : '') as ScannerInput['auth'],
  skip_cert_verify: s.skip_certVerify,
  use_internal_addr: s.use_internal_addr,
});

/** The credential as Harbor stores it: user:password for Basic, else the token or key; '' when none was typed. */
function credentialOf(input: ScannerInput): string {
  if (input.auth === 'Basic') return input.username.trim() ? `${input.username.trim()}:${input.password}` : '';
  return input.auth ? input.secret : '';
}

function requestOf(input: ScannerInput, saved: ScannerRegistration | null): ScannerRequest {
  const credential = credentialOf(input);
  return {
    name: input.name.trim(),
    description: input.description,
    url: input.url.trim(),
    auth: input.auth,
    // Omitted on edit: the saved credential stays (while the address and authorization do).
    ...(credential || !saved ? { access_credential: credential } : {}),
    skip_certVerify: input.skip_cert_verify,
    use_internal_addr: input.use_internal_addr,
    disabled: saved?.disabled ?? false,
  };
}

export function ScannerDialog({ open, scanner, onClose }: { open: boolean; scanner: ScannerRegistration | null; onClose: () => void }) {
  const save = useSaveScanner();
  const ping = usePingScanner();
  const schema = useMemo(() => schemaFor(scanner !== null), [scanner]);
  const form = useForm<ScannerInput>({ resolver: zodResolver(schema), defaultValues: EMPTY, mode: 'onTouched' });
  const errors = form.formState.errors;
  const auth = form.watch('auth');

  useEffect(() => {
    if (!open) return;
    form.reset(scanner ? formOf(scanner) : EMPTY);
    ping.reset();
    // ping is a new object each render; resetting on open is what matters.
  }, [open, scanner, form]);

  const { close, onSubmit } = useMutationForm({
    form,
    mutation: save,
    variables: (input): SaveScanner => ({ uuid: scanner?.uuid ?? null, body: requestOf(input, scanner) }),
    done: (input) => (scanner ? `Scanner ${input.name.trim()} saved.` : `Scanner ${input.name.trim()} added.`),
    onClose: () => {
      ping.reset();
      onClose();
    },
  });

  const test = async () => {
    if (!(await form.trigger(['url', 'auth', 'username', 'password', 'secret']))) return;
    const input = form.getValues();
    const unchanged = scanner && !credentialOf(input) && input.url.trim() === scanner.url && input.auth === scanner.auth;
    if (unchanged) ping.mutate({ saved: scanner.uuid });
    else ping.mutate({ settings: { name: input.name.trim() || 'test', url: input.url.trim(), auth: input.auth, access_credential: credentialOf(input) } });
  };
  const outcome = outcomeOf(ping, 'The scanner answered and scans images into vulnerability reports.', (err) => labelRefusal(toApiError(err), LABELS).text);
  const refusal = save.error ? labelRefusal(toApiError(save.error), LABELS).text : undefined;
  const keepHint = scanner ? 'Leave empty to keep the saved credential.' : undefined;

  return (
    <FormDialog open={open} onClose={close} title={scanner ? `Edit ${scanner.name}` : 'New scanner'} formId="scanner-form" submitLabel={scanner ? 'Save' : 'Add'} busy={save.isPending}>
      <form id="scanner-form" onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-2" noValidate>
        <Field label={LABELS.name!} autoComplete="off" autoFocus error={errors.name?.message} {...form.register('name')} />
        <SelectField label={LABELS.auth!} error={errors.auth?.message} {...form.register('auth')}>
          {Object.entries(AUTH_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
        <Field
          label={LABELS.url!}
          className="sm:col-span-2"
          type="url"
          inputMode="url"
          autoComplete="off"
          placeholder="http://scanner.example.com:8080"
          hint="The adapter's address, without /api/v1."
          error={errors.url?.message}
          {...form.register('url')}
        />
        {auth === 'Basic' && (
          <>
            <Field label={LABELS.username!} autoComplete="off" hint={keepHint} error={errors.username?.message} {...form.register('username')} />
            <Field label={LABELS.password!} type="password" autoComplete="new-password" error={errors.password?.message} {...form.register('password')} />
          </>
        )}
        {(auth === 'Bearer' || auth === 'X-ScannerAdapter-API-Key') && (
          <Field
            label={auth === 'Bearer' ? 'Token' : 'API key'}
            className="sm:col-span-2"
            type="password"
            autoComplete="new-password"
            hint={keepHint}
            error={errors.secret?.message}
            {...form.register('secret')}
          />
        )}
        <CheckField className="sm:col-span-2" label={LABELS.skip_certVerify!} hint="Only for an adapter with a self-signed certificate you trust." {...form.register('skip_cert_verify')} />
        <CheckField
          className="sm:col-span-2"
          label={LABELS.use_internal_addr!}
          hint="The adapter pulls images from this server's own address rather than its external URL."
          {...form.register('use_internal_addr')}
        />
        <TextAreaField label={LABELS.description!} className="sm:col-span-2" rows={2} error={errors.description?.message} {...form.register('description')} />
        <TestConnection onTest={() => void test()} outcome={outcome} />
        <div className="sm:col-span-2">
          <FormError message={refusal} />
        </div>
      </form>
    </FormDialog>
  );
}
