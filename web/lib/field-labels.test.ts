import { describe, expect, it } from 'vitest';
import { labelRefusal } from './field-labels';

const LABELS = { url: 'Endpoint URL', access_key: 'Access ID', name: 'Name' };

describe('labelRefusal', () => {
  it('places a "field: sentence" refusal on the field the form labels', () => {
    expect(labelRefusal('url: the address must start with http:// or https://', LABELS)).toEqual({
      field: 'url',
      text: 'The address must start with http:// or https://',
    });
  });

  it('says a field named at the start of a sentence by its label', () => {
    expect(labelRefusal('name must be at most 255 characters', LABELS)).toEqual({ field: 'name', text: 'Name must be at most 255 characters' });
  });

  it('says API keys with underscores inside a sentence by their labels', () => {
    expect(labelRefusal('The access_key is required when a secret is given.', LABELS)).toEqual({ text: 'The Access ID is required when a secret is given.' });
  });

  it('leaves a plain sentence alone', () => {
    expect(labelRefusal('The registry cannot be reached: connection refused.', LABELS)).toEqual({ text: 'The registry cannot be reached: connection refused.' });
  });
});
