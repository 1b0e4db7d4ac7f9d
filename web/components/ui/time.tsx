/**
 * A time as the console shows it, in the browser's locale and time zone. The server's renderer
 * (web/entry-server.tsx) knows neither, so a server-rendered page shows the time in UTC until
 * the browser has taken the page over (hydrated it); React would otherwise find other text than
 * the server wrote and throw the server's markup away.
 */
import { formatTime } from '../../lib/format';
import { useHydrated } from '../../lib/hydration';

/** `2026-12-03 02:30 UTC`: the same text on the server and in any browser. */
export function formatUtcTime(iso: string | null | undefined): string {
  if (!iso || iso.startsWith('0001-')) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function Time({ iso }: { iso: string | null | undefined }) {
  return <>{useHydrated() ? formatTime(iso) : formatUtcTime(iso)}</>;
}
