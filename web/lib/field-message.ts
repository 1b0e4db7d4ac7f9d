/**
 * The request field a 400 or 422 message names, and the sentence without it. The server writes
 * "field: sentence" (settings, reset link) or "field must ..." (validation).
 */
export function splitFieldMessage(message: string): { field?: string; text: string } {
  const prefixed = /^([a-z][a-z0-9_]*): (.+)$/s.exec(message);
  if (prefixed) return { field: prefixed[1]!, text: prefixed[2]! };
  const sentence = /^([a-z][a-z0-9_]*) (?:must|is|cannot) /.exec(message);
  if (sentence) return { field: sentence[1]!, text: message };
  return { text: message };
}

/**
 * A refusal of what was sent, whose message names the field: 400, or 422 for a parameter or body
 * property against Harbor's swagger (the server answers with Harbor's status for each case).
 */
export const isInputRefusal = (error: { status: number }): boolean => error.status === 400 || error.status === 422;
