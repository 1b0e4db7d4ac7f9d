/**
 * A form that submits through a mutation, as every dialog form does: valid input goes to the
 * mutation; success toasts and closes (resetting form and mutation); a refusal leaves the form
 * open with the server's message.
 */
import type { UseMutationResult } from '@tanstack/react-query';
import type { FieldValues, UseFormReturn } from 'react-hook-form';
import { toast } from 'sonner';
import { toApiError } from './api-client';

export interface MutationFormOptions<TInput extends FieldValues, TVariables> {
  form: UseFormReturn<TInput>;
  mutation: UseMutationResult<unknown, Error, TVariables>;
  /** The mutation's variables from the form's valid input. */
  variables: (input: TInput) => TVariables;
  /** The toast after success. */
  done: (input: TInput) => string;
  /** Called after a success and on cancel; the form and the mutation are reset first. */
  onClose?: () => void;
}

export function useMutationForm<TInput extends FieldValues, TVariables>({ form, mutation, variables, done, onClose }: MutationFormOptions<TInput, TVariables>) {
  const close = () => {
    form.reset();
    mutation.reset();
    onClose?.();
  };
  const handle = form.handleSubmit((input) =>
    mutation.mutate(variables(input), {
      onSuccess: () => {
        toast.success(done(input));
        close();
      },
    }),
  );
  return {
    close,
    onSubmit: (e: React.FormEvent) => void handle(e),
    serverError: mutation.error ? toApiError(mutation.error).message : undefined,
  };
}
