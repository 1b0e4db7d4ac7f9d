/**
 * The request field a 400 or 422 is about, from the error body's `field` (never parsed out of the
 * message), and the sentence to show next to that field's label: a validation sentence that opens
 * with the API's key ("token_expiration must be at least 1.") drops it, as the label says it.
 */
export function fieldMessage(error: { message: string; field?: string | undefined }): { field?: string; text: string } {
  const { field, message } = error;
  if (!field) return { text: message };
  if (!message.startsWith(`${field} `)) return { field, text: message };
  const rest = message.slice(field.length + 1);
  return { field, text: rest.charAt(0).toUpperCase() + rest.slice(1) };
}

/**
 * A refusal of what was sent, whose message names the field: 400, or 422 for a parameter or body
 * property against Harbor's swagger (the server answers with Harbor's status for each case).
 */
export const isInputRefusal = (error: { status: number }): boolean => error.status === 400 || error.status === 422;
