// The server's 400 and 422 bodies carry the field beside a sentence (server/api/error-handler.ts).
import { expect, test } from 'vitest';
import { fieldMessage, isInputRefusal } from './field-message';

test('the field comes from the body; a sentence about it stays whole', () => {
  const used = 'This password reset link is not valid: it was used, expired, or replaced by a newer one.';
  expect(fieldMessage({ field: 'token', message: used })).toEqual({ field: 'token', text: used });
});

test('a validation sentence that opens with the API key drops it, for showing under the field\'s label', () => {
  expect(fieldMessage({ field: 'token_expiration', message: 'token_expiration must be at least 1.' })).toEqual({
    field: 'token_expiration',
    text: 'Must be at least 1.',
  });
});

test('without a field the message is left as it is, even when it starts like one', () => {
  expect(fieldMessage({ message: 'colour is not a configuration item.' })).toEqual({ text: 'colour is not a configuration item.' });
});

test('a 422 (a value against Harbor\'s swagger) names its field as a 400 does; other statuses do not', () => {
  expect([400, 422, 401, 403, 409, 429, 500].filter((status) => isInputRefusal({ status }))).toEqual([400, 422]);
});
