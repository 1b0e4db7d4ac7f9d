/** zod pieces the settings forms share; the bounds are the server's (server/core/settings/definitions.ts). */
import { z } from '../../../lib/zod';

export const text = (max: number) => z.string().trim().max(max, `At most ${max} characters.`);

export const wholeNumber = (min: number, max: number, unit: string) => {
  const range = `From ${min} to ${max.toLocaleString('en')} ${unit}.`;
  return z.number({ error: `Enter a number of ${unit}.` }).int(`Whole ${unit} only.`).min(min, range).max(max, range);
};

/** Harbor 2's LDAP search scope numbers (ldap_scope, ldap_group_search_scope). */
export const SCOPES = {
  0: 'Base object only',
  1: 'One level below the base DN',
  2: 'Subtree: the base DN and everything below it',
} as const;
