/** The OpenID Connect settings of the Authentication tab: the provider, the client, and what the tokens say. */
import type { UseFormReturn } from 'react-hook-form';
import { CheckField, Field } from '../../../components/ui/field';
import { z } from '../../../lib/zod';
import type { AuthenticationValues } from './ldap-fields';
import { SecretField } from './secret-field';
import { text } from './settings-rules';

const isStringMap = (v: string) => {
  if (v.trim() === '') return true;
  try {
    const parsed = JSON.parse(v) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && Object.values(parsed).every((x) => typeof x === 'string');
  } catch {
    return false;
  }
};

export const oidcShape = {
  oidc_name: text(255),
  oidc_endpoint: text(1024).refine((v) => v === '' || /^https?:\/\/\S+$/i.test(v), 'An address such as https://id.example.com/realms/main.'),
  oidc_client_id: text(1024),
  oidc_client_secret: z.string().max(1024, 'At most 1024 characters.'),
  oidc_client_secret_clear: z.boolean(),
  oidc_scope: text(1024),
  oidc_user_claim: text(255),
  oidc_groups_claim: text(255),
  oidc_admin_group: text(255),
  oidc_group_filter: text(1024).refine((v) => {
    try {
      new RegExp(v);
      return true;
    } catch {
      return false;
    }
  }, 'A regular expression, such as ^berth-.'),
  oidc_extra_redirect_parms: z.string().max(4096, 'At most 4096 characters.').refine(isStringMap, 'A JSON object of strings, such as {"prompt":"login"}.'),
  oidc_verify_cert: z.boolean(),
  oidc_auto_onboard: z.boolean(),
};

export function OidcFields({ form }: { form: UseFormReturn<AuthenticationValues> }) {
  const errors = form.formState.errors;
  const callback = `${window.location.origin}/c/oidc/callback`;
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <Field label="OIDC provider name" placeholder="Keycloak" autoComplete="off" hint='The sign-in page offers "Sign in via" this name.' error={errors.oidc_name?.message} {...form.register('oidc_name')} />
      <Field
        label="OIDC endpoint"
        placeholder="https://id.example.com/realms/main"
        autoComplete="off"
        hint="The issuer URL; its /.well-known/openid-configuration is read."
        error={errors.oidc_endpoint?.message}
        {...form.register('oidc_endpoint')}
      />
      <Field label="OIDC client ID" autoComplete="off" hint={`Register ${callback} as its redirect URI.`} error={errors.oidc_client_id?.message} {...form.register('oidc_client_id')} />
      <SecretField
        label="OIDC client secret"
        inSentence="OIDC client secret"
        input={form.register('oidc_client_secret')}
        clear={form.register('oidc_client_secret_clear')}
        clearing={form.watch('oidc_client_secret_clear')}
        error={errors.oidc_client_secret?.message}
      />
      <Field label="OIDC scope" placeholder="openid,profile,email,offline_access" autoComplete="off" hint="Comma separated; openid is required." error={errors.oidc_scope?.message} {...form.register('oidc_scope')} />
      <Field label="Username claim" placeholder="name" autoComplete="off" hint="The claim a new user's name comes from; empty for name." error={errors.oidc_user_claim?.message} {...form.register('oidc_user_claim')} />
      <Field label="Group claim name" placeholder="groups" autoComplete="off" hint="The claim that lists the user's groups, read at every sign-in." error={errors.oidc_groups_claim?.message} {...form.register('oidc_groups_claim')} />
      <Field label="OIDC admin group" autoComplete="off" hint="Its members are system admins while signed in." error={errors.oidc_admin_group?.message} {...form.register('oidc_admin_group')} />
      <Field label="Group filter" placeholder="^berth-" autoComplete="off" hint="A regular expression; only groups that match are kept. Empty keeps all." error={errors.oidc_group_filter?.message} {...form.register('oidc_group_filter')} />
      <Field
        label="Extra redirect parameters"
        placeholder='{"prompt":"login"}'
        autoComplete="off"
        hint="Added to the provider's sign-in address, as JSON."
        error={errors.oidc_extra_redirect_parms?.message}
        {...form.register('oidc_extra_redirect_parms')}
      />
      <div className="flex flex-col gap-2 md:col-span-2">
        <CheckField label="Verify the provider's certificate" {...form.register('oidc_verify_cert')} />
        <CheckField label="Automatic onboarding" hint="New users get the name from the username claim instead of choosing one." {...form.register('oidc_auto_onboard')} />
      </div>
    </div>
  );
}
