import { describe, expect, it } from 'vitest';
import { labelRefusal } from './field-labels';

const LABELS = { url: 'Endpoint URL', access_key: 'Access ID', name: 'Name' };
const body = (field: string) => ({ errors: [{ code: 'BAD_REQUEST', message: '', field }] });

describe('labelRefusal', () => {
  it('places a refusal on the field the error body names, said with the label', () => {
    expect(labelRefusal({ message: 'access_key must be at most 255 characters.', body: body('access_key') }, LABELS)).toEqual({
      field: 'access_key',
      text: 'Access ID must be at most 255 characters.',
    });
    expect(labelRefusal({ message: 'The address must start with http:// or https://.', body: body('url') }, LABELS)).toEqual({
      field: 'url',
      text: 'The address must start with http:// or https://.',
    });
  });

  it('finds the field in "field: sentence" and "field must ..." messages from servers that send no field', () => {
    expect(labelRefusal({ message: 'url: the address must start with http:// or https://' }, LABELS)).toEqual({
      field: 'url',
      text: 'The address must start with http:// or https://',
    });
    expect(labelRefusal({ message: 'name must be at most 255 characters' }, LABELS)).toEqual({ field: 'name', text: 'Name must be at most 255 characters' });
  });

  it('says API keys with underscores inside a sentence by their labels, and leaves plain sentences alone', () => {
    expect(labelRefusal({ message: 'The access_key is required when a secret is given.' }, LABELS)).toEqual({ text: 'The Access ID is required when a secret is given.' });
    expect(labelRefusal({ message: 'The registry cannot be reached: connection refused.' }, LABELS)).toEqual({ text: 'The registry cannot be reached: connection refused.' });
  });
});
