/**
 * OpenID Connect through openid-client (a certified relying party): discovery, the authorization
 * code flow with PKCE, state and nonce, ID token validation, refresh. What comes out is an
 * identity in Berth's terms (who, which groups) and the token set to keep; core never sees the
 * library.
 */
import * as oidc from 'openid-client';
import type { Settings } from '../core/settings/definitions.js';
import { AppError, invalid } from '../lib/errors.js';
import { insecureFetch } from './oidc-fetch.js';

export type OidcSettings = Pick<
  Settings,
  | 'oidc_endpoint'
  | 'oidc_client_id'
  | 'oidc_client_secret'
  | 'oidc_scope'
  | 'oidc_verify_cert'
  | 'oidc_user_claim'
  | 'oidc_groups_claim'
  | 'oidc_group_filter'
  | 'oidc_admin_group'
  | 'oidc_extra_redirect_parms'
>;

/** What the login step must remember until the callback (kept sealed in a cookie). */
export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface OidcTokens {
  idToken: string;
  refreshToken: string | null;
  /** Epoch ms when the access token expires (the moment to check with the provider again). */
  expiresAt: number;
}

export interface OidcIdentity {
  /** The ID token's sub + iss, as Harbor keys OIDC users (subiss). */
  subiss: string;
  /** From oidc_user_claim, else the name claim; spaces become underscores, as in Harbor. */
  username: string;
  email: string | null;
  /** The groups claim, after oidc_group_filter. */
  groups: string[];
}

/** Discovery is cached a few minutes per provider and client (each sign-in would fetch it). */
const DISCOVERY_TTL_MS = 5 * 60_000;
const discovered = new Map<string, { at: number; config: Promise<oidc.Configuration> }>();

function configFor(s: OidcSettings): Promise<oidc.Configuration> {
  if (!s.oidc_endpoint || !s.oidc_client_id) throw new AppError('PRECONDITION', 'OpenID Connect needs the OIDC endpoint and the OIDC client ID in Configuration > Authentication.');
  const key = JSON.stringify([s.oidc_endpoint, s.oidc_client_id, s.oidc_client_secret, s.oidc_verify_cert]);
  const hit = discovered.get(key);
  if (hit && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.config;
  const config = discover(s.oidc_endpoint, s.oidc_verify_cert, s.oidc_client_id, s.oidc_client_secret).catch((err: unknown) => {
    throw new AppError('UNAVAILABLE', `The OpenID Connect provider at ${s.oidc_endpoint} cannot be reached (${reason(err)}). Try again later, or ask an administrator to check the OIDC endpoint.`, { cause: err });
  });
  discovered.set(key, { at: Date.now(), config });
  config.catch(() => discovered.delete(key));
  return config;
}

function discover(endpoint: string, verifyCert: boolean, clientId: string, clientSecret: string): Promise<oidc.Configuration> {
  const url = new URL(endpoint);
  return oidc.discovery(url, clientId, clientSecret || undefined, clientSecret ? oidc.ClientSecretBasic(clientSecret) : oidc.None(), {
    // Plain http only where the operator configured it (a provider inside the network, tests).
    ...(url.protocol === 'http:' && { execute: [oidc.allowInsecureRequests] }),
    ...(!verifyCert && { [oidc.customFetch]: insecureFetch }),
    timeout: 10,
  });
}

/** The provider's discovery document (issuer, jwks_uri...), from the cached discovery. */
export async function providerMetadata(s: OidcSettings): Promise<oidc.ServerMetadata> {
  return (await configFor(s)).serverMetadata();
}

/** POST /system/oidc/ping: whether discovery works at this URL. */
export async function pingProvider(endpoint: string, verifyCert: boolean): Promise<void> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw invalid('The OIDC endpoint must be a URL such as https://id.example.com/realms/main.', 'url');
  }
  try {
    await discover(url.href, verifyCert, 'berth-ping', '');
  } catch (err) {
    throw invalid(`The OIDC provider at ${url.href} could not be reached or answered no OpenID configuration: ${reason(err)}.`, 'url');
  }
}

/**
 * The most precise sentence in the error's cause chain (openid-client wraps oauth4webapi's, which
 * names the claim), with the network's code when there is one: ECONNREFUSED says more than
 * "fetch failed".
 */
const reason = (err: unknown): string => {
  let message = String(err);
  let code = '';
  for (let e = err as { message?: unknown; code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e instanceof Error) message = e.message;
    const own = (e as { code?: unknown }).code;
    if (typeof own === 'string' && !own.startsWith('OAUTH_')) code = own;
  }
  return `${message.replace(/\.$/, '')}${code && !message.includes(code) ? ` (${code})` : ''}`;
};

export async function beginLogin(s: OidcSettings, redirectUri: string): Promise<{ url: string; pending: PendingLogin }> {
  const config = await configFor(s);
  const pending = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
  const extra = JSON.parse(s.oidc_extra_redirect_parms || '{}') as Record<string, string>;
  const url = oidc.buildAuthorizationUrl(config, {
    ...extra,
    redirect_uri: redirectUri,
    scope: s.oidc_scope || 'openid,offline_access',
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: 'S256',
  });
  // Harbor's setting is comma separated; the protocol wants spaces.
  url.searchParams.set('scope', (s.oidc_scope || 'openid,offline_access').split(/[\s,]+/).filter(Boolean).join(' '));
  return { url: url.href, pending };
}

/** The callback: exchanges the code (checking state, nonce, PKCE and the ID token) for an identity. */
export async function finishLogin(s: OidcSettings, callbackUrl: URL, pending: PendingLogin): Promise<{ identity: OidcIdentity; tokens: OidcTokens }> {
  const config = await configFor(s);
  let response: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    response = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
  } catch (err) {
    throw invalid(`The sign-in through the OpenID Connect provider was refused: ${reason(err)}.`);
  }
  return identityFrom(s, config, response);
}

/**
 * Asks the provider for fresh tokens (the user's access is checked again: a removed or disabled
 * user gets no new token). Null when the provider refuses.
 */
export async function refreshLogin(s: OidcSettings, refreshToken: string): Promise<{ identity: OidcIdentity | null; tokens: OidcTokens } | null> {
  const config = await configFor(s);
  let response: TokenResponse;
  try {
    response = await oidc.refreshTokenGrant(config, refreshToken);
  } catch (err) {
    // The provider's answer (invalid_grant: the user or grant is gone) refuses; a network fault is no answer.
    if (err instanceof oidc.ResponseBodyError || err instanceof oidc.AuthorizationResponseError) return null;
    throw new AppError('UNAVAILABLE', 'The OpenID Connect provider cannot be reached to check the user. Try again later.', { cause: err });
  }
  // Not every provider sends a new ID token with a refresh: then the groups stay as they were.
  const result = response.claims() ? await identityFrom(s, config, response).catch(() => null) : null;
  const tokens = result?.tokens ?? tokensOf(response);
  return { identity: result?.identity ?? null, tokens: { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken } };
}

const tokensOf = (response: TokenResponse): OidcTokens => ({
  idToken: response.id_token ?? '',
  refreshToken: response.refresh_token ?? null,
  expiresAt: Date.now() + (response.expiresIn() ?? 300) * 1000,
});

type TokenResponse = oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;

async function identityFrom(s: OidcSettings, config: oidc.Configuration, response: TokenResponse): Promise<{ identity: OidcIdentity; tokens: OidcTokens }> {
  const idClaims = response.claims();
  if (!idClaims) throw invalid('The OpenID Connect provider answered without an ID token.');
  // Claims the ID token leaves out (many providers put groups only in userinfo) come from userinfo.
  const info = await oidc.fetchUserInfo(config, response.access_token, idClaims.sub).catch(() => ({}));
  const claims: Record<string, unknown> = { ...info, ...idClaims };
  const userClaim = s.oidc_user_claim.trim();
  const rawName = userClaim ? claims[userClaim] : claims.name;
  if (userClaim && typeof rawName !== 'string') throw invalid(`The ID token has no ${userClaim} claim (OIDC username claim) to take the username from.`);
  const identity: OidcIdentity = {
    subiss: `${idClaims.sub}${idClaims.iss}`,
    username: typeof rawName === 'string' ? rawName.replace(/ /g, '_') : '',
    email: typeof claims.email === 'string' ? claims.email : null,
    groups: groupsFrom(s, claims),
  };
  return { identity, tokens: tokensOf(response) };
}

export function groupsFrom(s: OidcSettings, claims: Record<string, unknown>): string[] {
  const claim = s.oidc_groups_claim.trim();
  const raw = claim ? claims[claim] : undefined;
  const names = (Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : []).filter((g): g is string => typeof g === 'string' && g !== '');
  const filter = s.oidc_group_filter.trim();
  if (!filter) return names;
  let pattern: RegExp;
  try {
    pattern = new RegExp(filter);
  } catch {
    return names;
  }
  return names.filter((g) => pattern.test(g));
}
