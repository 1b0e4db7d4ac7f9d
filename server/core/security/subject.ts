/** Who is making a request, as every surface sees it after authentication. */
import type { RobotIdentity } from '../robots/robot-model.js';
import type { User } from '../users/user.repository.js';

export type Subject =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      /** As the sign-in found them: user.groupIds are the groups the directory or provider named. */
      user: User;
      via: 'basic' | 'session' | 'token';
    }
  /** A robot account: what it may do is its own permission list, read through can(). */
  | { kind: 'robot'; robot: RobotIdentity; via: 'basic' | 'token' };

export const ANONYMOUS: Subject = { kind: 'anonymous' };

export const subjectName = (subject: Subject) =>
  subject.kind === 'user' ? subject.user.username : subject.kind === 'robot' ? subject.robot.fullName : 'anonymous';

export const isSysadmin = (subject: Subject) => subject.kind === 'user' && subject.user.sysadmin;

/** Whose memberships count for the subject: the user's and their groups'; null when anonymous. */
export const principalOf = (subject: Subject) =>
  subject.kind === 'user' ? { userId: subject.user.id, groupIds: subject.user.groupIds ?? [] } : null;
