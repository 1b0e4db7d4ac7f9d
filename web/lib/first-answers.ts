/**
 * The answers the server wrote into the HTML for the first page's requests (who is signed in,
 * the projects list: server/api/console-visit.ts), by the URL the console would ask. The first
 * page renders from them without a request and without waiting for the HTTP client's code.
 *
 * Each is used once, by the request it answers; later ones (a refetch, the list after a new
 * project) go to the server. They are as old as the HTML, so after the first page's first
 * seconds none is used at all: a request made later wants the server's answer of that moment.
 */
export interface FirstAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Generous for a slow line (the first page shows in about 3 s on Fast 3G), short enough not to serve old data. */
const FRESH_FOR_MS = 30_000;

function readAnswers(): Map<string, FirstAnswer> {
  const text = document.getElementById('berth-answers')?.textContent;
  if (!text) return new Map();
  try {
    return new Map(Object.entries(JSON.parse(text) as Record<string, FirstAnswer>));
  } catch {
    return new Map();
  }
}

let inPage: Map<string, FirstAnswer> | undefined;

/** The browser's answers: the HTML's, while fresh (a request made later wants the server's answer of that moment). */
function pageAnswers(): Map<string, FirstAnswer> | undefined {
  inPage ??= readAnswers();
  if (inPage.size > 0 && performance.now() > FRESH_FOR_MS) inPage.clear();
  return inPage;
}

let source: () => Map<string, FirstAnswer> | undefined = pageAnswers;

/**
 * Where the answers come from: the server's renderer (web/entry-server.tsx) hands out those of
 * the visit it renders, the same ones it writes into that visit's HTML for the browser.
 */
export function answersFrom(answers: () => Map<string, FirstAnswer> | undefined): void {
  source = answers;
}

/**
 * The query string as the server names it (server/http/console-preloads.ts): parameters in the
 * caller's order, plain values only. A value needing encoding gets no answer: the request is made.
 */
function keyOf(url: string, params: unknown): string | null {
  if (params === undefined || params === null) return url;
  const entries = Object.entries(params as Record<string, unknown>).filter(([, value]) => value !== undefined);
  if (!entries.every(([, value]) => /^[\w.-]*$/.test(String(value)))) return null;
  return entries.length ? `${url}?${entries.map(([key, value]) => `${key}=${String(value)}`).join('&')}` : url;
}

/** The HTML's answer to this GET, if it carries one still fresh; each is handed out once. */
export function takeFirstAnswer(url: string, params?: unknown): FirstAnswer | undefined {
  const answers = source();
  if (!answers?.size) return undefined;
  const key = keyOf(url, params);
  const answer = key === null ? undefined : answers.get(key);
  if (answer) answers.delete(key!);
  return answer;
}
