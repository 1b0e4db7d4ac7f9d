/**
 * The confirm-then-do dialog every destructive action uses: it names the thing, runs the
 * mutation, toasts on success and closes, or shows the server's reason and stays open.
 */
import type { UseMutationResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { toast } from 'sonner';
import { toApiError } from '../../lib/api-client';
import { ConfirmDialog } from './dialog';

export interface ConfirmMutationProps<T> {
  /** The thing to act on; the dialog is open while it is set. */
  target: T | null;
  onClose: () => void;
  mutation: UseMutationResult<unknown, Error, T>;
  title: string;
  message: (target: T) => ReactNode;
  confirmLabel: (target: T) => string;
  /** The toast after success. */
  done: (target: T) => string;
  /** After success, once the dialog has closed (to leave a page whose subject is gone). */
  onDone?: (target: T) => void;
}

export function ConfirmMutation<T>({ target, onClose, mutation, title, message, confirmLabel, done, onDone }: ConfirmMutationProps<T>) {
  const close = () => {
    mutation.reset();
    onClose();
  };
  return (
    <ConfirmDialog
      open={target !== null}
      onOpenChange={(open) => !open && close()}
      title={title}
      message={target !== null && message(target)}
      confirmLabel={target !== null ? confirmLabel(target) : title}
      busy={mutation.isPending}
      error={mutation.error ? toApiError(mutation.error).message : undefined}
      onConfirm={() =>
        target !== null &&
        mutation.mutate(target, {
          onSuccess: () => {
            toast.success(done(target));
            close();
            onDone?.(target);
          },
        })
      }
    />
  );
}
