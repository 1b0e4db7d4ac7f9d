/**
 * An HTTP client for API tests against a real server: anonymous, Basic, or a console session
 * that signs in through /c/login and sends its cookie and CSRF token the way the console does.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import type { AuditLogRow } from '../db/schema.js';
import { basic, type ServerProcess } from './server-process.js';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Leave out the CSRF token a session would send. */
  withoutCsrf?: boolean;
}

export class ApiClient {
  private cookie: string | null = null;
  private csrf: string | null = null;

  private constructor(
    readonly baseUrl: string,
    private readonly authorization: string | null,
  ) {}

  static anonymous(server: ServerProcess) {
    return new ApiClient(server.url, null);
  }

  static basic(server: ServerProcess, username: string, password: string) {
    return new ApiClient(server.url, basic(username, password));
  }

  /** A client on a session cookie got elsewhere (an OpenID Connect sign-in); its first answer brings the CSRF token. */
  static withSessionCookie(server: ServerProcess, cookie: string) {
    const client = new ApiClient(server.url, null);
    client.cookie = cookie;
    return client;
  }

  /** Signs in through /c/login; throws unless it answers 200. */
  static async session(server: ServerProcess, principal: string, password: string) {
    const client = new ApiClient(server.url, null);
    const res = await client.login(principal, password);
    if (res.status !== 200) throw new Error(`sign-in as ${principal} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return client;
  }

  /** POST /c/login with the form the console sends; keeps the cookie and token it gets. */
  async login(principal: string, password: string, headers: Record<string, string> = {}): Promise<ApiResponse> {
    const res = await fetch(`${this.baseUrl}/c/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ principal, password }).toString(),
    });
    this.remember(res);
    return { status: res.status, headers: res.headers, body: await readBody(res) };
  }

  get sessionCookie() {
    return this.cookie;
  }

  get csrfToken() {
    return this.csrf;
  }

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const match = /^sid=([^;]*)/.exec(line);
      if (match) this.cookie = match[1] || null;
    }
    const token = res.headers.get('x-harbor-csrf-token');
    if (token) this.csrf = token;
  }

  /** A request to /api/v2.0 + path (or to path itself when it starts with /c/). */
  async request<T = unknown>(method: string, urlPath: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.authorization) headers.authorization = this.authorization;
    if (this.cookie) headers.cookie = `sid=${this.cookie}`;
    if (this.csrf && !options.withoutCsrf) headers['x-harbor-csrf-token'] = this.csrf;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const url = urlPath.startsWith('/c/') ? `${this.baseUrl}${urlPath}` : `${this.baseUrl}/api/v2.0${urlPath}`;
    const res = await fetch(url, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    this.remember(res);
    return { status: res.status, headers: res.headers, body: (await readBody(res)) as T };
  }

  get<T = unknown>(urlPath: string, options?: RequestOptions) {
    return this.request<T>('GET', urlPath, options);
  }
  post<T = unknown>(urlPath: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('POST', urlPath, { ...options, body });
  }
  put<T = unknown>(urlPath: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PUT', urlPath, { ...options, body });
  }
  delete<T = unknown>(urlPath: string, options?: RequestOptions) {
    return this.request<T>('DELETE', urlPath, options);
  }
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  return res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as unknown) : text;
}

/** The first error message of a Harbor error body. */
export const errorOf = (res: ApiResponse) => (res.body as { errors?: { code: string; message: string; field?: string }[] }).errors?.[0];

/** "field: message" from an error body's field and message, to assert both at once. */
export const fieldAndMessage = (res: ApiResponse) => {
  const error = errorOf(res);
  return error?.field ? `${error.field}: ${error.message}` : error?.message;
};

/** Opens the server's own SQLite database (WAL allows it while the server runs), for what no API reaches. */
export function openServerDatabase(server: ServerProcess) {
  return new Database(path.join(server.dataVolume, 'database', 'berth.db'));
}

/** Creates a local user through the API as `admin`; returns its id. */
export async function createUser(admin: ApiClient, username: string, password = 'Passw0rdX'): Promise<number> {
  const res = await admin.post('/users', { username, email: `${username}@example.com`, password, realname: username });
  if (res.status !== 201) throw new Error(`creating ${username} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return Number(res.headers.get('location')!.split('/').at(-1));
}

/** The audit rows written since `afterId`, oldest first, as the database holds them. */
export function auditRowsSince(server: ServerProcess, afterId = 0) {
  const db = openServerDatabase(server);
  try {
    return db.prepare('select * from audit_logs where id > ? order by id').all(afterId) as AuditLogRow[];
  } finally {
    db.close();
  }
}

/** The id of the newest audit row (to read only what a test adds). */
export function lastAuditId(server: ServerProcess): number {
  const db = openServerDatabase(server);
  try {
    return (db.prepare('select max(id) as id from audit_logs').get() as { id: number | null }).id ?? 0;
  } finally {
    db.close();
  }
}
