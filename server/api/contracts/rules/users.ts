/**
 * The rules for users' passwords, names and e-mail addresses, declared once: the server refuses
 * with them (core/users) and the console ticks them as people type (web/lib/user-rules.ts).
 * Plain data and pure functions, with no imports: this module is bundled into the console.
 */

/** A rule a typed value must follow, as the console lists it. */
export interface Rule {
  text: string;
  test: (value: string) => boolean;
}

/** Harbor's password rule: 8 to 128 characters with an upper case letter, a lower case letter and a digit. */
export const PASSWORD_RULES: readonly Rule[] = [
  { text: '8 to 128 characters', test: (v) => v.length >= 8 && v.length <= 128 },
  { text: 'an upper case letter', test: (v) => /[A-Z]/.test(v) },
  { text: 'a lower case letter', test: (v) => /[a-z]/.test(v) },
  { text: 'a digit', test: (v) => /\d/.test(v) },
];

/** The server's sentence for a password that breaks PASSWORD_RULES, or null. */
export function passwordProblem(password: string): string | null {
  const [length, ...classes] = PASSWORD_RULES;
  if (!length!.test(password)) return 'The password must be 8 to 128 characters long.';
  if (!classes.every((rule) => rule.test(password))) {
    return 'The password must contain at least one upper case letter, one lower case letter and one digit.';
  }
  return null;
}

export const USERNAME_MAX_LENGTH = 255;

/** Harbor's username rule: 1 to 255 characters, none of , " ~ # % $ and no spaces at the ends. */
export const USERNAME_RULES = {
  length: (v: string) => v.length >= 1 && v.length <= USERNAME_MAX_LENGTH,
  characters: (v: string) => !/[,"~#%$]/.test(v),
  ends: (v: string) => v.trim() === v,
} as const;

/** The server's sentence for a username that breaks USERNAME_RULES, or null. */
export function usernameProblem(username: string): string | null {
  if (!USERNAME_RULES.length(username)) return 'The username must be 1 to 255 characters long.';
  if (!USERNAME_RULES.characters(username)) return 'The username must not contain any of , " ~ # % $.';
  if (!USERNAME_RULES.ends(username)) return 'The username must not start or end with a space.';
  return null;
}

/** Something@something.something, with no spaces: what both sides take as an e-mail address. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
