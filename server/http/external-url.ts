/**
 * The URL clients use to reach Berth. harbor.yml's external_url wins; otherwise the request's
 * own view refines the default, so `docker login` behind a TLS-terminating proxy gets an https
 * realm. X-Forwarded-Proto and X-Forwarded-Host count only from a peer in http.trusted_proxies
 * (Express's req.protocol and req.host apply the app's `trust proxy`): anyone else could name
 * another host as the token realm, or drop the Secure flag from the session cookie. Never use
 * the request's view for links sent elsewhere (mail): use config.external_url there.
 */
import type { Request } from 'express';
import type { Config } from '../config/load.js';

export function externalUrl(config: Pick<Config, 'external_url' | 'external_url_configured'>, req: Request): string {
  if (config.external_url_configured) return config.external_url;
  const host = req.host;
  if (!host || !/^[\w.-]+(:\d+)?$|^\[[\da-f:]+\](:\d+)?$/i.test(host)) return config.external_url;
  return `${req.protocol === 'https' ? 'https' : 'http'}://${host}`;
}
