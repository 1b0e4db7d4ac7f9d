/**
 * A text box that offers matches as you type (ARIA 1.2 combobox with a listbox): arrow keys move
 * through the matches, Enter picks one, Escape closes the list. The caller fetches the matches.
 */
import { clsx } from 'clsx';
import { forwardRef, useId, useState, type ReactNode } from 'react';
import { Frame, inputClass, useFieldIds } from './field';

export interface ComboboxOption {
  id: string | number;
  label: string;
}

export interface ComboboxProps {
  label: string;
  value: string;
  onValueChange: (text: string) => void;
  options: ComboboxOption[];
  onSelect: (option: ComboboxOption) => void;
  loading?: boolean;
  /** Said in the list when nothing matches. */
  emptyText?: string;
  hint?: ReactNode;
  error?: string | undefined;
  placeholder?: string;
  autoFocus?: boolean;
}

export const Combobox = forwardRef<HTMLInputElement, ComboboxProps>(function Combobox(
  { label, value, onValueChange, options, onSelect, loading, emptyText = 'No matches.', hint, error, placeholder, autoFocus },
  ref,
) {
  const { inputId, describedBy } = useFieldIds(undefined, hint, error);
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const showList = open && value.trim().length > 0;
  const optionId = (i: number) => `${listId}-${i}`;

  const pick = (option: ComboboxOption) => {
    onSelect(option);
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      if (options.length === 0) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (i + step + options.length) % options.length);
    } else if (e.key === 'Enter' && showList && active >= 0 && options[active]) {
      e.preventDefault();
      pick(options[active]);
    } else if (e.key === 'Escape' && showList) {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  };

  return (
    <Frame label={label} hint={hint} error={error} inputId={inputId}>
      <div className="relative" onBlur={(e) => !e.currentTarget.contains(e.relatedTarget) && setOpen(false)}>
        <input
          ref={ref}
          id={inputId}
          role="combobox"
          autoComplete="off"
          autoFocus={autoFocus}
          placeholder={placeholder}
          aria-expanded={showList}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={showList && active >= 0 ? optionId(active) : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={clsx(inputClass, error && 'border-danger')}
          value={value}
          onChange={(e) => {
            onValueChange(e.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onKeyDown={onKeyDown}
        />
        <ul
          id={listId}
          role="listbox"
          aria-label={`${label} matches`}
          hidden={!showList}
          className="absolute top-9 left-0 z-50 max-h-56 w-full overflow-y-auto rounded border border-border bg-surface p-1 text-sm shadow-lg"
        >
          {loading && options.length === 0 && <li className="px-2 py-1 text-muted">Searching...</li>}
          {!loading && options.length === 0 && <li className="px-2 py-1 text-muted">{emptyText}</li>}
          {options.map((option, i) => (
            <li
              key={option.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              tabIndex={-1}
              className={clsx('cursor-pointer rounded px-2 py-1', i === active ? 'bg-surface-2' : 'hover:bg-surface-2')}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(option)}
            >
              {option.label}
            </li>
          ))}
        </ul>
      </div>
    </Frame>
  );
});
