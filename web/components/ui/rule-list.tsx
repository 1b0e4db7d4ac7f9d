/** Rules for a value, each ticked as soon as what is typed satisfies it. */
import { clsx } from 'clsx';
import { Check, X } from 'lucide-react';
import type { Rule } from '../../lib/rules';

export function RuleList({ label, rules, value, caption }: { label: string; rules: readonly Rule[]; value: string; caption?: string }) {
  return (
    <div className="text-xs">
      {caption && <p className="mb-0.5 text-muted">{caption}</p>}
      <ul className="flex flex-col gap-0.5" aria-label={label}>
        {rules.map((rule) => {
          const ok = value.length > 0 && rule.test(value);
          return (
            <li key={rule.text} className={clsx('flex items-center gap-1', ok ? 'text-success' : 'text-muted')}>
              {ok ? <Check size={12} aria-hidden /> : <X size={12} aria-hidden />}
              {rule.text}
              <span className="sr-only">{ok ? '(met)' : '(not met)'}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
