/** A project's storage against its limit: a bar with the figures, in the warning colour from 85 %. */
import clsx from 'clsx';
import { formatBytes } from './misc';

/** The share of the limit from which the console warns (the server's quota.warning uses the same). */
export const QUOTA_WARNING = 0.85;

/** used / limit, or null without a limit. */
export const usageShare = (used: number, limit: number) => (limit > 0 ? used / limit : null);

export const limitText = (limit: number) => (limit < 0 ? 'Unlimited' : formatBytes(limit));

export function UsageBar({ used, limit, label }: { used: number; limit: number; label: string }) {
  const share = usageShare(used, limit);
  const percent = share === null ? null : Math.min(100, Math.round(share * 100));
  const tone = share === null ? 'bg-primary' : share >= 1 ? 'bg-danger' : share >= QUOTA_WARNING ? 'bg-warning' : 'bg-success';
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? 0}
        aria-valuetext={`${formatBytes(used)} of ${limitText(limit)}${percent === null ? '' : ` (${percent} %)`}`}
        className="h-2 w-full max-w-64 overflow-hidden rounded bg-surface-2 ring-1 ring-border"
      >
        <div className={clsx('h-full', tone)} style={{ width: `${percent ?? 0}%` }} />
      </div>
      <span className="text-xs text-muted">
        {formatBytes(used)} of {limitText(limit)}
        {percent !== null && ` (${percent} %)`}
      </span>
    </div>
  );
}
