/**
 * Outgoing mail (password reset) through the SMTP server in the runtime settings. Three TLS
 * modes: implicit TLS (port 465, `email_ssl`); STARTTLS required (`email_starttls`); and, by
 * default, Harbor's: a plain connection upgraded with STARTTLS when the server offers it, so a
 * server with no TLS and no login works too. `email_insecure` skips certificate verification
 * (for the upgrade as well). Failures carry the SMTP server's own answer.
 */
import type { Settings } from '../core/settings/definitions.js';
import { AppError } from '../lib/errors.js';

export type MailSettings = Pick<
  Settings,
  | 'email_host'
  | 'email_port'
  | 'email_username'
  | 'email_password'
  | 'email_from'
  | 'email_identity'
  | 'email_ssl'
  | 'email_starttls'
  | 'email_insecure'
>;

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

const TIMEOUT_MS = 15_000;

/** nodemailer (3 MiB of heap once loaded) is loaded with the first mail, not with the server. */
async function transport(settings: MailSettings) {
  if (!settings.email_host) {
    throw new AppError('PRECONDITION', 'E-mail is not configured: set the SMTP server (email_host) first.', { field: 'email_host' });
  }
  const { default: nodemailer } = await import('nodemailer');
  return nodemailer.createTransport({
    host: settings.email_host,
    port: settings.email_port,
    secure: settings.email_ssl,
    // Without requireTLS, nodemailer upgrades exactly when the server lists STARTTLS (Harbor's rule).
    requireTLS: !settings.email_ssl && settings.email_starttls,
    auth: settings.email_username ? { user: settings.email_username, pass: settings.email_password } : undefined,
    tls: { rejectUnauthorized: !settings.email_insecure },
    name: settings.email_identity || undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
}

/** The SMTP server's words when it refused, else the network error's. */
function failure(settings: MailSettings, err: unknown): AppError {
  const smtp = err as { response?: string; message?: string; code?: string };
  const answer = smtp.response ?? smtp.message ?? String(err);
  return new AppError('UNAVAILABLE', `The SMTP server ${settings.email_host}:${settings.email_port} refused: ${answer}`, {
    cause: err,
  });
}

export async function sendMail(settings: MailSettings, mail: Mail): Promise<void> {
  const transporter = await transport(settings);
  try {
    await transporter.sendMail({ from: settings.email_from || settings.email_username, ...mail });
  } catch (err) {
    throw failure(settings, err);
  } finally {
    transporter.close();
  }
}

/** "Test connection": connect, upgrade TLS as configured, authenticate; nothing is sent. */
export async function pingMailServer(settings: MailSettings): Promise<{ success: boolean; message: string }> {
  let transporter;
  try {
    transporter = await transport(settings);
    await transporter.verify();
    return { success: true, message: `Connected to ${settings.email_host}:${settings.email_port}.` };
  } catch (err) {
    return { success: false, message: err instanceof AppError ? err.message : failure(settings, err).message };
  } finally {
    transporter?.close();
  }
}
