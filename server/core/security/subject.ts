/** Who is making a request, as every surface sees it after authentication. */
import type { User } from '../users/user.repository.js';

export type Subject = { kind: 'anonymous' } | { kind: 'user'; user: User; via: 'basic' | 'session' | 'token' };

export const ANONYMOUS: Subject = { kind: 'anonymous' };

export const subjectName = (subject: Subject) => (subject.kind === 'user' ? subject.user.username : 'anonymous');

export const isSysadmin = (subject: Subject) => subject.kind === 'user' && subject.user.sysadmin;
