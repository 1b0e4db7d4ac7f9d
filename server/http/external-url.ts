/**
 * The URL clients use to reach Berth. harbor.yml's external_url wins; otherwise the request's
 * own view (X-Forwarded-Proto / X-Forwarded-Host from a proxy, else Host) refines the default,
 * so `docker login` behind a TLS-terminating proxy gets an https realm. Never use the request's
 * view for links sent elsewhere (mail): use config.external_url there.
 */
import type { Request } from 'express';
import type { Config } from '../config/load.js';

const first = (value: string | undefined) => value?.split(',')[0]?.trim() || undefined;

export function externalUrl(config: Pick<Config, 'external_url' | 'external_url_configured'>, req: Request): string {
  if (config.external_url_configured) return config.external_url;
  const proto = first(req.get('x-forwarded-proto')) ?? req.protocol;
  const host = first(req.get('x-forwarded-host')) ?? req.get('host');
  if (!host || !/^[\w.-]+(:\d+)?$|^\[[\da-f:]+\](:\d+)?$/i.test(host)) return config.external_url;
  return `${proto === 'https' ? 'https' : 'http'}://${host}`;
}
