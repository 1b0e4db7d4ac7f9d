/**
 * A search box for a list filter kept in the URL: it shows what is typed at once and hands the
 * value on after a short pause, so the list is not fetched on every keystroke. When the URL
 * changes by itself (back button, a shared link), the box follows.
 */
import { clsx } from 'clsx';
import { Search } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { inputClass } from './field';

export interface FilterInputProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  /** Width classes; a full row up to 20rem unless given. */
  className?: string;
  delayMs?: number;
}

export function FilterInput({ label, value, onChange, placeholder, className, delayMs = 250 }: FilterInputProps) {
  const [text, setText] = useState(value);
  const sent = useRef(value);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // The pause ends after later renders: send through the latest onChange, whose URL state includes
  // any filter changed meanwhile (an older one would put that filter back as it was).
  const latestOnChange = useRef(onChange);
  latestOnChange.current = onChange;

  useEffect(() => {
    if (value !== sent.current) {
      sent.current = value;
      setText(value);
    }
  }, [value]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const change = (next: string) => {
    setText(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      sent.current = next;
      latestOnChange.current(next);
    }, delayMs);
  };

  return (
    <div className={clsx('relative', className ?? 'w-full max-w-xs')}>
      <Search size={14} className="pointer-events-none absolute top-2 left-2 text-muted" aria-hidden />
      <input
        type="search"
        aria-label={label}
        placeholder={placeholder ?? label}
        className={clsx(inputClass, 'pl-7')}
        value={text}
        onChange={(e) => change(e.target.value)}
      />
    </div>
  );
}
