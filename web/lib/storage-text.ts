/** What deleting something frees, in words; a plain function, also used by the browser tests. */
import { formatBytes } from './format';

/** "Deleting this frees 212 MiB; 1.4 GiB stays, shared with 9 other images." */
export function freesSentence(frees: number, stays: number, sharedWith?: number): string {
  const head = `Deleting this frees ${formatBytes(frees)}`;
  if (stays === 0) return `${head}; none of it is shared.`;
  if (sharedWith === undefined) return `${head}; ${formatBytes(stays)} stays, shared with other images.`;
  const count = sharedWith >= 1000 ? '1,000 or more' : String(sharedWith);
  return `${head}; ${formatBytes(stays)} stays, shared with ${count} other ${sharedWith === 1 ? 'image' : 'images'}.`;
}
