/**
 * A stored password the server never returns: empty keeps it; a typed one replaces it; removing
 * it takes a tick of its own, so an empty box never erases it by accident.
 */
import type { UseFormRegisterReturn } from 'react-hook-form';
import { CheckField, Field } from '../../../components/ui/field';

export interface SecretFieldProps {
  label: string;
  input: UseFormRegisterReturn;
  clear: UseFormRegisterReturn;
  /** Whether "remove" is ticked (the box is then read-only). */
  clearing: boolean;
  error?: string | undefined;
  /** The saved thing's name in a sentence, when lower-casing the label would mangle it (OIDC). */
  inSentence?: string;
}

export function SecretField({ label, input, clear, clearing, error, inSentence = label.toLowerCase() }: SecretFieldProps) {
  return (
    <div className="flex flex-col gap-1.5">
      <Field
        label={label}
        type="password"
        autoComplete="new-password"
        readOnly={clearing}
        placeholder={clearing ? 'Will be removed' : 'Unchanged'}
        hint={`Leave empty to keep the current ${/secret/i.test(label) ? "secret" : "password"}.`}
        error={error}
        {...input}
      />
      <CheckField label={`Remove the saved ${inSentence}`} {...clear} />
    </div>
  );
}

/** The password to send: undefined keeps the stored one, "" removes it. */
export const secretChange = (typed: string, clear: boolean): string | undefined => (clear ? '' : typed || undefined);
