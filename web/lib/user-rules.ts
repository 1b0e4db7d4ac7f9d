/**
 * The server's rules for users (server/core/users/user.service.ts, server/lib/password.ts),
 * restated for the browser so forms can check them as people type. The server stays the judge:
 * when it refuses, its message is shown.
 */
import { z } from './zod';
import { followsRules, type Rule } from './rules';

/** Harbor's password rule. */
export const passwordRules: Rule[] = [
  { text: '8 to 128 characters', test: (v) => v.length >= 8 && v.length <= 128 },
  { text: 'an upper case letter', test: (v) => /[A-Z]/.test(v) },
  { text: 'a lower case letter', test: (v) => /[a-z]/.test(v) },
  { text: 'a digit', test: (v) => /\d/.test(v) },
];

export const newPasswordSchema = z.string().refine(followsRules(passwordRules), 'The password does not follow the rules below.');

/** A new password typed twice. */
export const passwordPairSchema = z
  .object({ new_password: newPasswordSchema, confirm: z.string() })
  .refine((v) => v.new_password === v.confirm, { path: ['confirm'], message: 'The two passwords differ.' });

export const usernameSchema = z
  .string()
  .min(1, 'Enter a username.')
  .max(255, 'At most 255 characters.')
  .refine((v) => !/[,"~#%$]/.test(v), 'A username cannot contain any of , " ~ # % $')
  .refine((v) => v.trim() === v, 'A username cannot start or end with a space.');

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const emailSchema = z
  .string()
  .trim()
  .max(255, 'At most 255 characters.')
  .refine((v) => v === '' || EMAIL.test(v), 'Enter an e-mail address such as name@example.com.');

export const profileSchema = z.object({
  email: emailSchema,
  realname: z.string().trim().max(255, 'At most 255 characters.'),
  comment: z.string().max(30, 'At most 30 characters.'),
});
export type ProfileInput = z.infer<typeof profileSchema>;
