/**
 * A server refusal as a person reads it: the request field it is about (the error body's `field`,
 * else the "key: ..." or "key must ..." the message opens with, from servers that give none) said
 * by the form's label for it, and that field, to show the sentence next to it.
 */

export interface LabelledRefusal {
  /** The request field the refusal is about, when the form has a label for it. */
  field?: string;
  text: string;
}

export interface Refusal {
  message: string;
  /** The error body as sent: Harbor's { errors: [{ code, message, field? }] }. */
  body?: unknown;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function fieldOf({ message, body }: Refusal): string | undefined {
  const given = (body as { errors?: { field?: unknown }[] } | undefined)?.errors?.[0]?.field;
  if (typeof given === 'string' && given) return given;
  return /^([a-z][a-z0-9_]*)(?:: | (?:must|is|cannot) )/.exec(message)?.[1];
}

export function labelRefusal(refusal: Refusal, labels: Readonly<Record<string, string>>): LabelledRefusal {
  const field = fieldOf(refusal);
  const label = field ? labels[field] : undefined;
  let text = refusal.message;
  if (field && text.startsWith(`${field}: `)) text = text.slice(field.length + 2);
  else if (field && label && text.startsWith(`${field} `)) text = `${label}${text.slice(field.length)}`;
  // Keys with an underscore cannot be ordinary words: say them by their labels wherever they are.
  for (const [key, name] of Object.entries(labels)) {
    if (key.includes('_')) text = text.replace(new RegExp(`\\b${key}\\b`, 'g'), name);
  }
  text = capitalise(text);
  if (label) return { field, text };
  return { text: field && refusal.message.startsWith(`${field}: `) ? `${capitalise(field)}: ${text}` : text };
}
