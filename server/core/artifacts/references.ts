/**
 * A manifest reference is a tag or a digest (spec: `<reference>` MUST be one of them). Anything
 * with a colon is meant as a digest, since tags cannot contain one.
 */
import { isDigest } from '../../lib/digest.js';
import { digestInvalid } from '../registry/registry-errors.js';

export const isDigestReference = (reference: string) => reference.includes(':');

/** Throws DIGEST_INVALID for a reference meant as a digest that is not a valid one. */
export function checkDigestReference(reference: string): void {
  if (isDigestReference(reference) && !isDigest(reference)) throw digestInvalid(`invalid digest ${reference}`, { digest: reference });
}
