/** Small shared pieces: empty states, copy buttons, badges, skeleton rows, page headers. */
import { clsx } from 'clsx';
import { Check, Copy } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';

// Plain formatting lives in lib (the browser tests compute expected text with it); kept importable from here.
export { formatBytes, formatTime, neverPulled } from '../../lib/format';

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-2 px-4 py-10 text-center">
      <p className="font-medium">{title}</p>
      {children && <p className="max-w-md text-sm text-muted">{children}</p>}
      {action}
    </div>
  );
}

/** Puts text on the clipboard; says so when the browser refuses (plain HTTP on another host). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // sonner is loaded here, on a refusal, so the pages that show copy buttons do not wait for it.
    const { toast } = await import('sonner');
    toast.error('The browser did not allow copying; select the text and copy it by hand.');
    return false;
  }
}

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    if (!(await copyText(text))) return;
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <button
      type="button"
      onClick={() => void copy()}
      aria-label={label}
      title={label}
      className="inline-flex h-6 w-6 shrink-0 items-center justify-center rounded text-muted hover:bg-surface-2 hover:text-fg"
    >
      {copied ? <Check size={14} aria-hidden /> : <Copy size={14} aria-hidden />}
    </button>
  );
}

/** A command shown in monospace with its copy button; `wrap` breaks a long one over lines instead of cutting it. */
export function CommandLine({ command, label, wrap = false }: { command: string; label: string; wrap?: boolean }) {
  return (
    <div className="flex items-center gap-2 rounded border border-border bg-surface-2 px-2 py-1">
      <code className={clsx('flex-1 font-mono text-xs', wrap ? '[overflow-wrap:anywhere]' : 'truncate')}>{command}</code>
      <CopyButton text={command} label={label} />
    </div>
  );
}

export function Badge({ children, tone = 'neutral' }: { children: ReactNode; tone?: 'neutral' | 'primary' | 'success' | 'danger' | 'warning' }) {
  const tones = {
    neutral: 'bg-surface-2 text-muted border-border',
    primary: 'bg-primary/10 text-primary border-primary/30',
    success: 'bg-success/10 text-success border-success/30',
    danger: 'bg-danger/10 text-danger border-danger/30',
    warning: 'bg-warning/10 text-warning border-warning/30',
  };
  return <span className={clsx('inline-flex items-center rounded border px-1.5 py-0.5 text-xs', tones[tone])}>{children}</span>;
}

export interface Crumb {
  label: string;
  to?: string;
}

export function PageHeader({ crumbs, title, actions, children }: { crumbs?: Crumb[]; title: ReactNode; actions?: ReactNode; children?: ReactNode }) {
  return (
    <header className="mb-4">
      {crumbs && crumbs.length > 0 && (
        <nav aria-label="Breadcrumb" className="mb-1 text-xs text-muted">
          <ol className="flex flex-wrap items-center gap-1">
            {crumbs.map((crumb, i) => (
              <li key={i} className="flex items-center gap-1">
                {i > 0 && <span aria-hidden>/</span>}
                {crumb.to ? (
                  <Link to={crumb.to} className="hover:text-primary hover:underline">
                    {crumb.label}
                  </Link>
                ) : (
                  <span aria-current="page">{crumb.label}</span>
                )}
              </li>
            ))}
          </ol>
        </nav>
      )}
      {/* As tall as a button, so actions that appear once data arrives do not push the page down. */}
      <div className="flex min-h-8 flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold break-all">{title}</h1>
        {actions && <div className="flex items-center gap-2">{actions}</div>}
      </div>
      {children}
    </header>
  );
}
