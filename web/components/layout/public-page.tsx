/** The frame of the pages seen before signing in: sign in, sign up, forgot and reset password. */
import type { ReactNode } from 'react';
import { Link } from 'react-router';

export interface PublicPageProps {
  title: string;
  children: ReactNode;
  footer?: ReactNode;
  /** md for the longer forms (sign-up). */
  width?: 'sm' | 'md';
}

export function PublicPage({ title, children, footer, width = 'sm' }: PublicPageProps) {
  return (
    <div className="flex min-h-full items-center justify-center bg-header/95 p-4">
      <main className={`w-full ${width === 'md' ? 'max-w-md' : 'max-w-sm'} rounded-lg border border-border bg-surface p-6 shadow-xl`}>
        <div className="mb-5 flex items-center gap-2">
          <img src="/favicon.svg" alt="" className="h-8 w-8" />
          <h1 className="text-xl font-semibold">{title}</h1>
        </div>
        {children}
        {footer && <div className="mt-5 flex flex-wrap justify-between gap-2 border-t border-border pt-4 text-sm">{footer}</div>}
      </main>
    </div>
  );
}

/** A link between the public pages, underlined: inside a sentence colour alone must not tell it apart (axe link-in-text-block). */
export function PublicLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link to={to} className="text-primary underline underline-offset-2 hover:no-underline">
      {children}
    </Link>
  );
}

/** A finished step (mail sent, password set, sign-up closed): what happened and where to go next. */
export function Outcome({ tone = 'info', children }: { tone?: 'info' | 'success' | 'danger'; children: ReactNode }) {
  const tones = {
    info: 'border-border bg-surface-2',
    success: 'border-success/30 bg-success/10',
    danger: 'border-danger/30 bg-danger/10',
  };
  return (
    <div role={tone === 'danger' ? 'alert' : 'status'} className={`rounded border p-3 text-sm ${tones[tone]}`}>
      {children}
    </div>
  );
}
