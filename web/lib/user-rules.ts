/**
 * The console's forms for users, over the rules the server refuses with (declared once in
 * server/api/contracts/rules/users.ts), so forms can check them as people type. The server stays
 * the judge: when it refuses, its message is shown.
 */
import { EMAIL_PATTERN, PASSWORD_RULES, USERNAME_MAX_LENGTH, USERNAME_RULES } from '../../server/api/contracts/rules/users';
import { z } from './zod';
import { followsRules, type Rule } from './rules';

/** Harbor's password rule. */
export const passwordRules: readonly Rule[] = PASSWORD_RULES;

export const newPasswordSchema = z.string().refine(followsRules(passwordRules), 'The password does not follow the rules below.');

/** A new password typed twice. */
export const passwordPairSchema = z
  .object({ new_password: newPasswordSchema, confirm: z.string() })
  .refine((v) => v.new_password === v.confirm, { path: ['confirm'], message: 'The two passwords differ.' });

export const usernameSchema = z
  .string()
  .min(1, 'Enter a username.')
  .max(USERNAME_MAX_LENGTH, 'At most 255 characters.')
  .refine(USERNAME_RULES.characters, 'A username cannot contain any of , " ~ # % $')
  .refine(USERNAME_RULES.ends, 'A username cannot start or end with a space.');

export const emailSchema = z
  .string()
  .trim()
  .max(255, 'At most 255 characters.')
  .refine((v) => v === '' || EMAIL_PATTERN.test(v), 'Enter an e-mail address such as name@example.com.');

export const profileSchema = z.object({
  email: emailSchema,
  realname: z.string().trim().max(255, 'At most 255 characters.'),
  comment: z.string().max(30, 'At most 30 characters.'),
});
export type ProfileInput = z.infer<typeof profileSchema>;
