/** Harbor's GeneralInfo: a public part for the sign-in page, more for signed-in users. */
import type { CoreContext } from '../context.js';
import type { Subject } from '../security/subject.js';
import { hasRootCertificate } from './volumes.js';

/** Whether reset links can be mailed (an SMTP host is set); the sign-in page offers "Forgot password?" only then. */
export const canMailResetLinks = (settings: { email_host: string }) => settings.email_host.trim() !== '';

export async function systemInfo(ctx: Pick<CoreContext, 'settings' | 'version' | 'config'>, subject: Subject, externalUrl: string) {
  const settings = await ctx.settings.all();
  const open = {
    auth_mode: settings.auth_mode,
    primary_auth_mode: settings.primary_auth_mode,
    self_registration: settings.self_registration && settings.auth_mode === 'db_auth',
    banner_message: settings.banner_message,
    // The sign-in page's "Sign in via <name>"; empty unless auth is OIDC, as Harbor sends it.
    oidc_provider_name: settings.auth_mode === 'oidc_auth' ? settings.oidc_name : '',
    // Berth's: whether "Forgot password?" can mail a link, so the sign-in page offers it only then.
    password_reset_by_email: canMailResetLinks(settings),
  };
  if (subject.kind === 'anonymous') return open;
  return {
    ...open,
    harbor_version: ctx.version,
    external_url: externalUrl,
    registry_url: new URL(externalUrl).host,
    current_time: new Date().toISOString(),
    project_creation_restriction: settings.project_creation_restriction,
    has_ca_root: await hasRootCertificate(ctx),
    read_only: settings.read_only,
    registry_storage_provider_name: 'filesystem',
    notification_enable: settings.notification_enable,
  };
}
