/**
 * A server refusal as a person reads it: the request field it names ("access_key: ...",
 * "dest_namespace must ...") said by the form's label for it, and that field, to show the
 * sentence next to it.
 */
import { splitFieldMessage } from './field-message';

export interface LabelledRefusal {
  /** The request field the message named, when the form has a label for it. */
  field?: string;
  text: string;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function labelRefusal(message: string, labels: Readonly<Record<string, string>>): LabelledRefusal {
  const { field, text } = splitFieldMessage(message);
  let sentence = text;
  if (field && labels[field] && sentence.startsWith(`${field} `)) sentence = `${labels[field]}${sentence.slice(field.length)}`;
  // Keys with an underscore cannot be ordinary words: say them by their labels wherever they are.
  for (const [key, label] of Object.entries(labels)) {
    if (key.includes('_')) sentence = sentence.replace(new RegExp(`\\b${key}\\b`, 'g'), label);
  }
  sentence = capitalise(sentence);
  return field && labels[field] ? { field, text: sentence } : { text: field && !text.startsWith(`${field} `) ? `${capitalise(field)}: ${sentence}` : sentence };
}
