/** A "Test" refused about one typed field: its sentence goes under that field, as a save's does. */
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';
import { toApiError } from '../../../lib/api-client';
import { fieldMessage } from '../../../lib/field-message';

export function placeRefusal<T extends FieldValues>(form: UseFormReturn<T>, values: T, err: unknown) {
  const { field, text } = fieldMessage(toApiError(err));
  if (field && field in values) form.setError(field as Path<T>, { type: 'server', message: text });
}
