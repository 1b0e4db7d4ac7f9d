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
  'h-8 rounded border border-border bg-surface px-2 text-sm text-fg placeholder:text-muted focus:border-primary focus:outline-none disabled:cursor-not-allowed disabled:bg-surface-2 disabled:text-muted';
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
      <Notes inputId={inputId} hint={hint} error={error} />
    </div>
  );
}

/** The hint under a control, or its error instead; ids as useFieldIds gives them. */
function Notes({ inputId, hint, error, className }: { inputId: string; hint: ReactNode; error: string | undefined; className?: string }) {
  if (error) {
    return (
      <p id={`${inputId}-error`} className={clsx('text-xs text-danger', className)} role="alert">
        {error}
      </p>
    );
  }
  if (!hint) return null;
  return (
    <p id={`${inputId}-hint`} className={clsx('text-xs text-muted', className)}>
      {hint}
    </p>
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

export interface CheckFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
}

/** A checkbox with its label on the right and an optional hint below. */
export const CheckField = forwardRef<HTMLInputElement, CheckFieldProps>(function CheckField({ label, hint, error, className, id, ...rest }, ref) {
  const { inputId, describedBy } = useFieldIds(id, hint, error);
  return (
    <div className={clsx('flex flex-col gap-0.5', className)}>
      <label htmlFor={inputId} className="flex items-center gap-2 text-sm">
        <input ref={ref} id={inputId} type="checkbox" aria-describedby={describedBy} aria-invalid={error ? true : undefined} className="h-4 w-4 accent-primary" {...rest} />
        {label}
      </label>
      <Notes inputId={inputId} hint={hint} error={error} className="pl-6" />
    </div>
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
