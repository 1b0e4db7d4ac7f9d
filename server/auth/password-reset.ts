/**
 * "Forgot password?": the request side. Whatever the address, the caller gets the same answer
 * at the same speed (the mail goes out after the answer), so nobody learns which addresses have
 * accounts. Database users get a link; directory (LDAP) users are told to change their password
 * in the directory. Requests are limited per address and per client; each step is audited.
 */
import type { Logger } from 'pino';
import type { CoreContext } from '../core/context.js';
import { recordFailure, refuseWhileLocked } from '../core/sessions/login-throttle.js';
import type { ThrottleKey } from '../core/sessions/login-throttle.repository.js';
import { issueResetToken, RESET_TOKEN_TTL_MS } from '../core/users/password-reset.service.js';
import { findUserByEmail, type User } from '../core/users/user.repository.js';
import { canMailResetLinks } from '../core/system/system-info.js';
import { AppError } from '../lib/errors.js';
import { sendMail } from './mail.js';

type Deps = Pick<CoreContext, 'db' | 'settings' | 'config' | 'audit'> & { logger: Logger };

/** Without an SMTP server no link can go out: the caller hears so, rather than that one is on its way. */
export const NO_MAIL_ANSWER = 'Reset by e-mail is not available: no mail server is set up. Ask your Berth administrator to set a new password for you.';

export const NEUTRAL_ANSWER =
  'If an account uses this address, a message with instructions is on its way. The link in it works for 30 minutes.';

function resetMail(user: User, link: string) {
  const minutes = RESET_TOKEN_TTL_MS / 60_000;
  return {
    subject: 'Reset your Berth password',
    text: [
      `Hello ${user.realname || user.username},`,
      '',
      `Someone asked to reset the password of the Berth account "${user.username}".`,
      `To choose a new password, open this link within ${minutes} minutes:`,
      '',
      link,
      '',
      'The link works once. If you did not ask for this, ignore this message: your password stays as it is.',
    ].join('\n'),
  };
}

function directoryMail(user: User) {
  return {
    subject: 'Your Berth password',
    text: [
      `Hello ${user.realname || user.username},`,
      '',
      `The Berth account "${user.username}" signs in through your organisation's directory (LDAP).`,
      'Berth cannot change that password: change it in the directory, or ask its administrators.',
    ].join('\n'),
  };
}

/** Records the request and, after the caller has its answer, sends the mail that fits the account. */
export async function requestPasswordReset(deps: Deps, email: string, clientIp: string | null): Promise<void> {
  if (!canMailResetLinks(await deps.settings.all())) throw new AppError('PRECONDITION', NO_MAIL_ANSWER);
  const address = email.trim().toLowerCase();
  const keys: ThrottleKey[] = [
    { scope: 'reset-email', key: address.slice(0, 255) },
    ...(clientIp ? [{ scope: 'reset-address' as const, key: clientIp }] : []),
  ];
  await refuseWhileLocked(deps.db, keys, Date.now(), 'Too many password reset requests');
  await recordFailure(deps.db, keys, Date.now());
  const user = address ? await findUserByEmail(deps.db, address) : undefined;
  await deps.audit.write(deps.db, {
    operation: 'reset_password_request',
    resourceType: 'user',
    resource: user?.username ?? address.slice(0, 255),
    description: user ? `password reset asked for user ${user.username}` : `password reset asked for ${address}, which no account uses`,
    success: user !== undefined,
    username: user?.username ?? 'anonymous',
    clientIp,
  });
  // Token and mail come after the answer, so it takes the same time whether or not the address is known.
  if (user?.email) void deliver(deps, user, clientIp);
}

async function resetLink(deps: Deps, user: User): Promise<string> {
  const token = await issueResetToken(deps.db, user);
  // The configured external URL, never the request's Host header: a forged Host must not
  // turn the link into one that sends the token elsewhere.
  return `${deps.config.external_url}/reset-password?token=${encodeURIComponent(token)}`;
}

async function deliver(deps: Deps, user: User, clientIp: string | null) {
  try {
    const mail = user.authSource === 'db' ? resetMail(user, await resetLink(deps, user)) : directoryMail(user);
    await sendMail(await deps.settings.all(), { to: user.email!, ...mail });
    await deps.audit.write(deps.db, {
      operation: 'reset_password_mail',
      resourceType: 'user',
      resource: user.username,
      description: `password reset mail sent to user ${user.username}`,
      username: user.username,
      clientIp,
    });
  } catch (err) {
    deps.logger.error({ err, user: user.username }, 'the password reset mail could not be sent');
    await deps.audit.write(deps.db, {
      operation: 'reset_password_mail',
      resourceType: 'user',
      resource: user.username,
      description: `password reset mail to user ${user.username} failed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 1000),
      success: false,
      username: user.username,
      clientIp,
    }).catch((auditErr: unknown) => deps.logger.error({ err: auditErr }, 'cannot audit the failed mail'));
  }
}
