/**
 * The one HTTP client for /api/v2.0 and /c. It keeps Harbor's CSRF token (sent back on every
 * state-changing request, refreshed once on a "CSRF token invalid" 403) and turns every
 * failure into an ApiError with the server's own message; callers decide how to show it.
 *
 * axios is fetched as its own chunk, on the first request or once the page has loaded, instead
 * of being part of the code every first page waits for: the first page renders from the answers
 * its HTML carries (first-answers.ts), so it needs no HTTP client before it shows.
 */
import type { AxiosError, AxiosInstance, AxiosRequestConfig, AxiosResponse } from 'axios';
import { takeFirstAnswer } from './first-answers';

const CSRF_HEADER = 'x-harbor-csrf-token';
const SAFE_METHODS = new Set(['get', 'head', 'options']);

/** False in the server's renderer (web/entry-server.tsx), which only ever uses the HTML's answers. */
const inBrowser = typeof window !== 'undefined';

let csrfToken: string | null = inBrowser ? sessionStorage.getItem('berth.csrf') : null;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The response body as the server sent it, for the rare caller that needs more than the message. */
    readonly body?: unknown,
    /** Seconds to wait, from Retry-After on a 429. */
    readonly retryAfter?: number,
    /** The request field at fault, from the error body (a 400 or 422 about one field). */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}


function rememberCsrf(headers: Record<string, unknown> | undefined) {
  const token = headers?.[CSRF_HEADER];
  // The server's renderer keeps no visitor's token: its module is shared by every visit.
  if (inBrowser && typeof token === 'string' && token) {
    csrfToken = token;
    sessionStorage.setItem('berth.csrf', token);
  }
}

const isAxiosError = (err: unknown): err is AxiosError => (err as { isAxiosError?: unknown } | null)?.isAxiosError === true;

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (isAxiosError(err)) {
    if (!err.response) return new ApiError(0, 'NETWORK', 'The server cannot be reached. Check your connection and try again.');
    const body = err.response.data as { errors?: { code?: string; message?: string; field?: string }[] } | undefined;
    const first = body?.errors?.[0];
    const retryAfter = Number((err.response.headers as Record<string, unknown> | undefined)?.['retry-after']) || undefined;
    return new ApiError(
      err.response.status,
      first?.code ?? 'UNKNOWN',
      first?.message ?? `The server answered ${err.response.status}.`,
      err.response.data,
      retryAfter,
      first?.field,
    );
  }
  return new ApiError(0, 'UNKNOWN', err instanceof Error ? err.message : String(err));
}

function withInterceptors(client: AxiosInstance, api: AxiosInstance): AxiosInstance {
  client.interceptors.request.use((config) => {
    if (csrfToken && !SAFE_METHODS.has((config.method ?? 'get').toLowerCase())) config.headers.set(CSRF_HEADER, csrfToken);
    return config;
  });
  client.interceptors.response.use(
    (response) => {
      rememberCsrf(response.headers as Record<string, unknown>);
      return response;
    },
    async (err: unknown) => {
      if (isAxiosError(err)) {
        rememberCsrf(err.response?.headers as Record<string, unknown> | undefined);
        const config = err.config as (AxiosRequestConfig & { csrfRetried?: boolean }) | undefined;
        const apiError = toApiError(err);
        // A stale token (another tab signed in again): fetch a fresh one and retry once.
        if (apiError.status === 403 && /csrf/i.test(apiError.message) && config && !config.csrfRetried) {
          config.csrfRetried = true;
          await api.get('/users/current').catch(() => undefined);
          return client.request(config);
        }
        throw apiError;
      }
      throw toApiError(err);
    },
  );
  return client;
}

const API_BASE = '/api/v2.0';
const SESSION_BASE = '/c';

type Clients = { api: AxiosInstance; session: AxiosInstance };
let clients: Promise<Clients> | null = null;

const loadClients = (): Promise<Clients> =>
  (clients ??= import('axios').then(({ default: axios }) => {
    const api = axios.create({ baseURL: API_BASE, withCredentials: true, timeout: 30_000 });
    const session = axios.create({ baseURL: SESSION_BASE, withCredentials: true, timeout: 30_000 });
    return { api: withInterceptors(api, api), session: withInterceptors(session, api) };
  }));

// Ready before the first click: fetched once the first page's own files are in.
if (inBrowser && document.readyState === 'complete') void loadClients();
else if (inBrowser) window.addEventListener('load', () => void loadClients(), { once: true });

/** The methods the console uses, each waiting for axios on its first call. */
interface Client {
  get<T = unknown>(url: string, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  delete<T = unknown>(url: string, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  post<T = unknown>(url: string, data?: unknown, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  put<T = unknown>(url: string, data?: unknown, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  patch<T = unknown>(url: string, data?: unknown, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
}

/**
 * The HTML's answer to a GET in the shape of axios's response, of which the console reads the
 * data and the headers; there is no request config to give, as no request was made.
 */
function answered<T>(url: string, config: AxiosRequestConfig | undefined): AxiosResponse<T> | undefined {
  const answer = takeFirstAnswer(url, config?.params);
  if (!answer) return undefined;
  rememberCsrf(answer.headers);
  return { data: answer.body, status: answer.status, statusText: 'OK', headers: answer.headers } as unknown as AxiosResponse<T>;
}

function lazyClient(base: string, pick: (loaded: Clients) => AxiosInstance): Client {
  return {
    get: <T,>(url: string, config?: AxiosRequestConfig) => {
      const answer = answered<T>(`${base}${url}`, config);
      if (answer) return Promise.resolve(answer);
      // The server renders a page only from the answers it computed; a request it lacks means the page is not rendered there.
      if (!inBrowser) return Promise.reject(new ApiError(0, 'NOT_ANSWERED', `The server's renderer has no answer for ${base}${url}.`));
      return loadClients().then((c) => pick(c).get<T>(url, config));
    },
    delete: (url, config) => loadClients().then((c) => pick(c).delete(url, config)),
    post: (url, data, config) => loadClients().then((c) => pick(c).post(url, data, config)),
    put: (url, data, config) => loadClients().then((c) => pick(c).put(url, data, config)),
    patch: (url, data, config) => loadClients().then((c) => pick(c).patch(url, data, config)),
  };
}

export const api = lazyClient(API_BASE, (c) => c.api);
/** For /c/* (sign-in, sign-out, sign-up, password reset). */
export const sessionApi = lazyClient(SESSION_BASE, (c) => c.session);

export function forgetCsrf() {
  csrfToken = null;
  sessionStorage.removeItem('berth.csrf');
}
