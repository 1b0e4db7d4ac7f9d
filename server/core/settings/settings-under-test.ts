/**
 * The settings a "Test" button tries: unsaved form values over the stored settings. A left-out
 * password means the stored one, but only for the saved server and account: the stored secret is
 * never sent anywhere else (a "test" against a server of the caller's choosing would otherwise
 * hand it over). Elsewhere, with no account typed, the test signs in with none.
 */
import { invalid } from '../../lib/errors.js';
import type { Settings } from './definitions.js';

interface SecretBinding {
  /** The secret's key, and the label the console shows it under (messages name labels, not keys). */
  secret: keyof Settings;
  label: string;
  /** The account the secret signs in as: when the typed one is empty, no secret is needed. */
  account: keyof Settings;
  /** The settings the stored secret is bound to. */
  boundTo: readonly (keyof Settings)[];
}

const EMAIL: SecretBinding = {
  secret: 'email_password',
  label: 'Password',
  account: 'email_username',
  boundTo: ['email_host', 'email_port', 'email_username', 'email_ssl', 'email_starttls'],
};
const LDAP: SecretBinding = {
  secret: 'ldap_search_password',
  label: 'Search password',
  account: 'ldap_search_dn',
  boundTo: ['ldap_url', 'ldap_search_dn', 'ldap_starttls'],
};

function withOverrides(stored: Settings, overrides: Partial<Settings> | undefined, binding: SecretBinding): Settings {
  const given = Object.fromEntries(Object.entries(overrides ?? {}).filter(([, v]) => v !== undefined)) as Partial<Settings>;
  const elsewhere = binding.boundTo.some((key) => key in given && given[key] !== stored[key]);
  const merged = { ...stored, ...given };
  if (given[binding.secret] === undefined && elsewhere) {
    if (!merged[binding.account]) return { ...merged, [binding.secret]: '' };
    throw invalid(
      `Type the ${binding.label.toLowerCase()} to test another server or account: the saved one is only sent to the saved server and account.`,
      binding.secret,
    );
  }
  return merged;
}

/** The mail settings to test: the stored ones with the typed values over them. */
export const emailSettingsUnderTest = (stored: Settings, typed: Partial<Settings> | undefined) => withOverrides(stored, typed, EMAIL);

/** The LDAP settings to test: the stored ones with the typed values over them. */
export const ldapSettingsUnderTest = (stored: Settings, typed: Partial<Settings> | undefined) => withOverrides(stored, typed, LDAP);
