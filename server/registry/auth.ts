/**
 * Who calls /v2 and whether they may. A Bearer token from /service/token is checked against its
 * signature, audience and expiry once and then remembered by its text: the per-request decision
 * is a map lookup. Basic credentials sent straight to /v2 work too (some clients do that), with
 * the permission table consulted through the same grants the token service uses.
 *
 * Failures follow docker/distribution's token spec: no or bad credentials, or a token lacking
 * the action, get 401 with a Bearer challenge (error="insufficient_scope" when the token is valid
 * but short); an authenticated Basic caller without the permission gets 403 DENIED.
 */
import type { Request, Response } from 'express';
import { subjectFromBasic } from '../auth/basic.js';
import { RegistryTokenVerifier, TOKEN_SERVICE, type VerifiedToken } from '../auth/registry-token.js';
import type { CoreContext } from '../core/context.js';
import type { RegistryAction } from '../core/rbac/permissions.js';
import { pullableRepositories, registryGrants } from '../core/rbac/registry-grants.js';
import { robotTokenRevoked } from '../core/robots/robot-auth.js';
import type { RepositoryVisibility } from '../core/repositories/repository.repository.js';
import type { Operator } from '../core/security/actor.js';
import { ANONYMOUS, subjectName, type Subject } from '../core/security/subject.js';
import { tokenHolder } from '../core/security/token-holder.js';
import { externalUrl } from '../http/external-url.js';
import { AppError } from '../lib/errors.js';
import { clientIp } from '../http/client-ip.js';

/** What a route needs: any valid credentials, the catalog, or an action on a repository. */
export type Need = { kind: 'login' } | { kind: 'catalog' } | { kind: 'repository'; name: string; action: RegistryAction };

export interface RegistryCaller {
  actor: Operator;
  /** Whether the caller may act on a repository (the route's own, or a mount's source). */
  may(repository: string, action: RegistryAction): Promise<boolean>;
  /** The repositories the caller may see in the catalog. */
  catalogVisibility(): Promise<RepositoryVisibility>;
  /**
   * Whether a cross-repository mount may read `from`. A token that lacks pull on `from` while
   * its holder has it asked for too little: that throws the 401 whose challenge names the
   * route's scope and `from`'s (Distribution), so the client comes back with a token for both.
   * False when the caller may not read `from` at all (the mount becomes a plain upload).
   */
  mayMountFrom(from: string): Promise<boolean>;
}

function scopeOf(need: Need): string | undefined {
  if (need.kind === 'catalog') return 'registry:catalog:*';
  if (need.kind === 'login') return undefined;
  // Pushing needs pull too (docker asks for both); distribution's challenge says the same.
  return `repository:${need.name}:${need.action === 'push' ? 'pull,push' : need.action}`;
}

export class RegistryAuth {
  private readonly tokens: RegistryTokenVerifier;

  constructor(private readonly ctx: CoreContext) {
    this.tokens = new RegistryTokenVerifier(ctx.tokenKey);
  }

  /** The caller, when their credentials allow `need`; otherwise throws (with the challenge set on `res`). */
  async authorize(req: Request, res: Response, need: Need): Promise<RegistryCaller> {
    const header = req.headers.authorization ?? '';
    const space = header.indexOf(' ');
    // RFC 9110 §11.1: the scheme is case-insensitive.
    const scheme = header.slice(0, space).toLowerCase();
    const address = clientIp(req);
    let caller: RegistryCaller;
    let viaToken = true;
    if (scheme === 'bearer') {
      const token = this.tokens.verify(header.slice(space + 1).trim());
      if (!token) throw this.challenge(req, res, need, 'invalid_token', 'the token is invalid or expired');
      // A robot disabled, expired or deleted since the token was issued: refused at once (robot-auth.ts).
      if (await robotTokenRevoked(this.ctx, token.subject)) throw this.challenge(req, res, need, 'invalid_token', 'the robot account is disabled, expired or deleted');
      caller = this.tokenCaller(token, address, (from) => this.challenge(req, res, need, 'insufficient_scope', 'the token does not grant pull on the mount source', from));
      res.locals.username = caller.actor.name;
    } else if (scheme === 'basic') {
      const subject = await subjectFromBasic(this.ctx, header, address);
      if (!subject || subject.kind === 'anonymous') throw this.challenge(req, res, need, undefined, 'the user name or password is not correct');
      caller = this.basicCaller(subject, address);
      res.locals.subject = subject;
      viaToken = false;
    } else {
      throw this.challenge(req, res, need);
    }
    if (need.kind !== 'repository' || (await caller.may(need.name, need.action))) return caller;
    if (viaToken) throw this.challenge(req, res, need, 'insufficient_scope', 'the token does not grant this action');
    throw new AppError('DENIED', `requested access to the resource is denied: ${need.action} on ${need.name}`);
  }

  /**
   * Sets the Bearer challenge (token spec, "How to authenticate") and returns the 401 to throw.
   * A mount's source adds its pull scope, space-separated in the one `scope` parameter as
   * Distribution writes it.
   */
  private challenge(req: Request, res: Response, need: Need, error?: string, message = 'authentication required', mountFrom?: string): AppError {
    const scope = [scopeOf(need), mountFrom && `repository:${mountFrom}:pull`].filter(Boolean).join(' ') || undefined;
    const realm = `${externalUrl(this.ctx.config, req)}/service/token`;
    const params = [`realm="${realm}"`, `service="${TOKEN_SERVICE}"`, scope && `scope="${scope}"`, error && `error="${error}"`];
    res.setHeader('WWW-Authenticate', `Bearer ${params.filter(Boolean).join(',')}`);
    return new AppError('UNAUTHORIZED', message, { detail: scope ? { scope } : undefined });
  }

  private tokenCaller(token: VerifiedToken, clientIp: string | null, askForMount: (from: string) => AppError): RegistryCaller {
    const name = token.subject || 'anonymous';
    return {
      actor: { name, clientIp },
      may: async (repository, action) => token.allows('repository', repository, action),
      mayMountFrom: async (from) => {
        if (token.allows('repository', from, 'pull')) return true;
        const subject = await tokenHolder(this.ctx.db, token.subject);
        if (subject && (await registryGrants(this.ctx.db, subject, from)).includes('pull')) throw askForMount(from);
        return false;
      },
      catalogVisibility: async () => {
        if (token.allows('registry', 'catalog', '*')) return { all: true };
        return pullableRepositories((await tokenHolder(this.ctx.db, token.subject)) ?? ANONYMOUS);
      },
    };
  }

  private basicCaller(subject: Subject, clientIp: string | null): RegistryCaller {
    const caller: RegistryCaller = {
      actor: { name: subjectName(subject), clientIp },
      // Read each time, not cached: a membership change made on another process must count at
      // once (Basic on /v2 is rare; token holders carry their grants in the token).
      may: async (repository, action) => (await registryGrants(this.ctx.db, subject, repository)).includes(action),
      mayMountFrom: (from) => caller.may(from, 'pull'),
      catalogVisibility: async () => pullableRepositories(subject),
    };
    return caller;
  }
}
