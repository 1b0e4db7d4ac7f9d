/**
 * Who opens the console's HTML, and the answers its first page would ask for, computed while the
 * HTML is written (server/http/spa.ts puts them into it). The page then renders from them
 * without asking: no /c/session or list request, and no wait for the HTTP client's code. On a
 * Fast 3G line each request the HTML saves is a 562 ms round trip, or a wait for one of the
 * browser's six connections.
 *
 * Each answer is what the request would get, from the same core functions and presenters as its
 * route (session.routes.ts GET /session, system.routes.ts getSystemInfo, projects.routes.ts
 * listProjects), with the headers the
 * console reads, named in lower case as the client sees them (the CSRF token, X-Total-Count). The HTML that carries them is never stored.
 */
import type { Request } from 'express';
import type { CoreContext } from '../core/context.js';
import { listProjectsAs } from '../core/projects/project-views.js';
import { ANONYMOUS, type Subject } from '../core/security/subject.js';
import { resumeSession } from '../core/sessions/session.service.js';
import { systemInfo } from '../core/system/system-info.js';
import { clientIp } from '../http/client-ip.js';
import { externalUrl } from '../http/external-url.js';
import type { ConsoleVisit, InlineAnswer } from '../http/spa.js';
import { projectOperations } from './contracts/projects.js';
import { CSRF_HEADER } from './contracts/session.js';
import { projectJson, userJson } from './presenters.js';
import { readSessionCookie } from './session-cookie.js';

export function consoleVisit(ctx: CoreContext): (req: Request) => Promise<ConsoleVisit> {
  return async (req) => {
    const cookieValue = readSessionCookie(req.get('cookie'));
    // Opening the console is activity, as the /c/session request this stands in for was: the session's expiry slides.
    const session = cookieValue ? await resumeSession(ctx, cookieValue, true) : null;
    const subject: Subject = session ? { kind: 'user', user: session.user, via: 'session' } : ANONYMOUS;
    const actor = { subject, clientIp: clientIp(req) };
    const headers: Record<string, string> = session ? { [CSRF_HEADER.toLowerCase()]: session.csrfToken } : {};

    const answer = async (url: string): Promise<InlineAnswer | null> => {
      const { pathname, searchParams } = new URL(url, 'http://berth.invalid');
      if (pathname === '/c/session') return { status: 200, headers, body: session ? userJson(session.user) : null };
      if (pathname === '/api/v2.0/systeminfo') return { status: 200, headers, body: await systemInfo(ctx, subject, externalUrl(ctx.config, req)) };
      if (pathname === '/api/v2.0/projects') {
        const parsed = projectOperations.listProjects.query.safeParse(Object.fromEntries(searchParams));
        if (!parsed.success) return null;
        const { name, public: isPublic, owner, with_detail: _detail, ...paging } = parsed.data;
        const page = await listProjectsAs(ctx.db, actor, { paging, name, public: isPublic, owner });
        return { status: 200, headers: { ...headers, 'x-total-count': String(page.total) }, body: page.items.map(projectJson) };
      }
      return null;
    };
    return { signedIn: session !== null, answer };
  };
}
