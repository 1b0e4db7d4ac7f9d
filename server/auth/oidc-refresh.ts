/**
 * A CLI secret is only as good as the user's standing at the provider: once the token kept from
 * their last sign-in has expired, the provider is asked for a new one (Harbor does the same), so
 * a user removed or disabled there loses docker access at the next check. The refreshed token
 * also brings their groups up to date.
 */
import type { CoreContext } from '../core/context.js';
import { keepRefreshed, keepRefreshedTokens, storedTokenJson } from '../core/oidc/oidc-login.service.js';
import { findUserById, type User } from '../core/users/user.repository.js';
import { refreshLogin, type OidcTokens } from './oidc-client.js';

type Deps = Pick<CoreContext, 'db' | 'settings' | 'secretBox' | 'credentials'>;

/**
 * Refreshes of one user run one after another in this app: docker asks for several tokens at
 * once, and providers that rotate refresh tokens revoke the whole grant when one is used twice.
 */
export function checkedAtProvider(deps: Deps, user: User): Promise<User | null> {
  const inFlight = deps.credentials.providerRefreshes;
  const running = inFlight.get(user.id);
  if (running) return running;
  const check = refreshIfDue(deps, user).finally(() => inFlight.delete(user.id));
  inFlight.set(user.id, check);
  return check;
}

async function refreshIfDue(deps: Deps, user: User): Promise<User | null> {
  const json = await storedTokenJson(deps, user.id);
  // Nothing to check with (the user never signed in through the provider here): the secret decides.
  if (!json) return user;
  const tokens = JSON.parse(json) as OidcTokens;
  if (tokens.expiresAt > Date.now()) return user;
  if (!tokens.refreshToken) return null;
  const refreshed = await refreshLogin(await deps.settings.all(), tokens.refreshToken);
  if (!refreshed) return null;
  if (!refreshed.identity) {
    await keepRefreshedTokens(deps, user.id, JSON.stringify(refreshed.tokens));
    return user;
  }
  const { groupIds, adminRoleInAuth } = await keepRefreshed(deps, user.id, JSON.stringify(refreshed.tokens), refreshed.identity.groups);
  const stored = await findUserById(deps.db, user.id);
  if (!stored) return null;
  return { ...stored, groupIds, adminRoleInAuth, sysadmin: stored.sysadmin || adminRoleInAuth };
}
