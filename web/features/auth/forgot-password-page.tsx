/**
 * "Forgot password?": an e-mail address in, the server's neutral sentence out (it never says
 * whether an account uses the address). Too many requests: the server's sentence, wait included.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { Outcome, PublicLink, PublicPage } from '../../components/layout/public-page';
import { Button } from '../../components/ui/button';
import { Field, FormError } from '../../components/ui/field';
import { paths } from '../../config/paths';
import { toApiError } from '../../lib/api-client';
import { useSystemInfo } from '../../lib/system-info';
import { z } from '../../lib/zod';
import { requiredEmailSchema, useSendResetEmail } from './api/accounts';

const schema = z.object({ email: requiredEmailSchema });

/** The server's sentence, which says how long to wait when there were too many requests. */
const refusal = (err: Error | null): string | undefined => (err ? toApiError(err).message : undefined);

export default function ForgotPasswordPage() {
  const send = useSendResetEmail();
  const info = useSystemInfo().data;
  const directory = info?.auth_mode === 'ldap_auth';
  const form = useForm<z.infer<typeof schema>>({ resolver: zodResolver(schema), defaultValues: { email: '' } });
  const submit = form.handleSubmit((input) => send.mutate(input));

  return (
    <PublicPage title="Reset your password" footer={<PublicLink to={paths.signIn()}>Back to sign in</PublicLink>}>
      {info && !info.password_reset_by_email ? (
        <Outcome>
          Reset by e-mail is not available on this Berth: no mail server is set up. Ask your Berth administrator to set a new password for you.
        </Outcome>
      ) : send.isSuccess ? (
        <div className="flex flex-col gap-3">
          <Outcome tone="success">{send.data}</Outcome>
          <p className="text-sm text-muted">No message after a few minutes? Check the address and your spam folder, then ask again.</p>
          <Button onClick={() => send.reset()}>Use another address</Button>
        </div>
      ) : (
        <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-3" noValidate aria-label="Ask for a reset link">
          <p className="text-sm text-muted">Enter the e-mail address of your account: we send it a link to choose a new password.</p>
          {directory && (
            <p className="rounded border border-border bg-surface-2 p-2 text-xs text-muted">
              Accounts from your organisation&apos;s directory (LDAP) change their password in the directory, not here; the link works for
              Berth&apos;s own accounts, such as admin.
            </p>
          )}
          <Field label="E-mail" type="email" autoComplete="email" autoFocus error={form.formState.errors.email?.message} {...form.register('email')} />
          <FormError message={refusal(send.error)} />
          <Button variant="primary" type="submit" busy={send.isPending}>
            Send the link
          </Button>
        </form>
      )}
    </PublicPage>
  );
}
