/**
 * The request field a 400 message names, and the sentence without it. The server writes
 * "field: sentence" (settings, reset link) or "field must ..." (validation).
 */
export function splitFieldMessage(message: string): { field?: string; text: string } {
  const prefixed = /^([a-z][a-z0-9_]*): (.+)$/s.exec(message);
  if (prefixed) return { field: prefixed[1]!, text: prefixed[2]! };
  const sentence = /^([a-z][a-z0-9_]*) (?:must|is|cannot) /.exec(message);
  if (sentence) return { field: sentence[1]!, text: message };
  return { text: message };
}
