/** Who is making a request, as every surface sees it after authentication. */
import type { User } from '../users/user.repository.js';

export type Subject =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      /** As the sign-in found them: user.groupIds are the groups the directory or provider named. */
      user: User;
      via: 'basic' | 'session' | 'token';
    };

export const ANONYMOUS: Subject = { kind: 'anonymous' };

export const subjectName = (subject: Subject) => (subject.kind === 'user' ? subject.user.username : 'anonymous');

export const isSysadmin = (subject: Subject) => subject.kind === 'user' && subject.user.sysadmin;

/** Whose memberships count for the subject: the user's and their groups'; null when anonymous. */
export const principalOf = (subject: Subject) =>
  subject.kind === 'user' ? { userId: subject.user.id, groupIds: subject.user.groupIds ?? [] } : null;
