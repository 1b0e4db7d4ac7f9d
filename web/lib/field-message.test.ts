// The shapes of the server's 400 and 422 messages, as its tests see them (server/api/accounts.int.test.ts).
import { expect, test } from 'vitest';
import { isInputRefusal, splitFieldMessage } from './field-message';

test('"field: sentence" names the field and keeps the sentence', () => {
  expect(splitFieldMessage('token_expiration: Too small: expected number to be >=1')).toEqual({
    field: 'token_expiration',
    text: 'Too small: expected number to be >=1',
  });
  expect(splitFieldMessage('token: This password reset link is not valid: it was used, expired, or replaced by a newer one.')).toEqual({
    field: 'token',
    text: 'This password reset link is not valid: it was used, expired, or replaced by a newer one.',
  });
});

test('"field must ..." and "field is ..." name the field and stay whole', () => {
  expect(splitFieldMessage('page_size must be at most 100.')).toEqual({ field: 'page_size', text: 'page_size must be at most 100.' });
  expect(splitFieldMessage('colour is not a configuration item.')).toEqual({ field: 'colour', text: 'colour is not a configuration item.' });
});

test('a sentence that names no field is left as it is', () => {
  const weak = 'The password must contain at least one upper case letter, one lower case letter and one digit.';
  expect(splitFieldMessage(weak)).toEqual({ text: weak });
});

test('a 422 (a value against Harbor\'s swagger) names its field as a 400 does; other statuses do not', () => {
  expect([400, 422, 401, 403, 409, 429, 500].filter((status) => isInputRefusal({ status }))).toEqual([400, 422]);
});
