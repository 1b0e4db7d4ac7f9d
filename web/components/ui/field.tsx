/** Labelled inputs, selects and text areas with their hint and error, wired for screen readers. */
import { clsx } from 'clsx';
import { forwardRef, useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface FrameProps {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  className?: string | undefined;
}

/** A control's look without its width, for controls that size themselves (filters in a row). */
export const controlClass =
  'h-8 rounded border border-border bg-surface px-2 text-sm text-fg placeholder:text-muted focus:border-primary focus:outline-none';
export const inputClass = `${controlClass} w-full`;

/** The label, hint and error around one control, with the ids that tie them together. */
export function useFieldIds(id: string | undefined, hint: ReactNode, error: string | undefined) {
  const fallbackId = useId();
  const inputId = id ?? fallbackId;
  const describedBy = clsx(hint && !error && `${inputId}-hint`, error && `${inputId}-error`) || undefined;
  return { inputId, describedBy };
}

export function Frame({ label, hint, error, className, inputId, children }: FrameProps & { inputId: string; children: ReactNode }) {
  return (
    <div className={clsx('flex flex-col gap-1', className)}>
      <label htmlFor={inputId} className="text-xs font-medium text-fg">
        {label}
      </label>
      {children}
      {hint && !error && (
        <p id={`${inputId}-hint`} className="text-xs text-muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${inputId}-error`} className="text-xs text-danger" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export interface FieldProps extends InputHTMLAttributes<HTMLInputElement>, FrameProps {}

export const Field = forwardRef<HTMLInputElement, FieldProps>(function Field({ label, hint, error, className, id, ...rest }, ref) {
  const { inputId, describedBy } = useFieldIds(id, hint, error);
  return (
    <Frame label={label} hint={hint} error={error} className={className} inputId={inputId}>
      <input
        ref={ref}
        id={inputId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={clsx(inputClass, error && 'border-danger')}
        {...rest}
      />
    </Frame>
  );
});

export interface SelectFieldProps extends SelectHTMLAttributes<HTMLSelectElement>, FrameProps {}

export const SelectField = forwardRef<HTMLSelectElement, SelectFieldProps>(function SelectField(
  { label, hint, error, className, id, children, ...rest },
  ref,
) {
  const { inputId, describedBy } = useFieldIds(id, hint, error);
  return (
    <Frame label={label} hint={hint} error={error} className={className} inputId={inputId}>
      <select ref={ref} id={inputId} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className={clsx(inputClass, error && 'border-danger')} {...rest}>
        {children}
      </select>
    </Frame>
  );
});

export interface TextAreaFieldProps extends TextareaHTMLAttributes<HTMLTextAreaElement>, FrameProps {}

export const TextAreaField = forwardRef<HTMLTextAreaElement, TextAreaFieldProps>(function TextAreaField(
  { label, hint, error, className, id, ...rest },
  ref,
) {
  const { inputId, describedBy } = useFieldIds(id, hint, error);
  return (
    <Frame label={label} hint={hint} error={error} className={className} inputId={inputId}>
      <textarea
        ref={ref}
        id={inputId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={clsx(inputClass, 'h-auto min-h-20 py-1.5', error && 'border-danger')}
        {...rest}
      />
    </Frame>
  );
});

/** The server's reason for refusing a form, under it. */
export function FormError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="text-sm text-danger" role="alert">
      {message}
    </p>
  );
}
