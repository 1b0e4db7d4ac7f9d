/**
 * Layer-prefix chains: OCI's ChainID applied to a manifest's layer digests. chain(1) is the first
 * layer's digest; chain(k) = sha256(chain(k-1) + " " + digest(Lk)). Two images share the chain
 * at depth k exactly when their first k layers are the same, in the same order, so "X is built
 * on B" is "B's full chain is one of X's shorter chains" (migration 2026_12_02_0021 fills the
 * same values for artifacts pushed before it).
 */
import { createHash } from 'node:crypto';

export function layerChains(layerDigests: readonly string[]): string[] {
  const chains: string[] = [];
  for (const digest of layerDigests) {
    const previous = chains[chains.length - 1];
    chains.push(previous === undefined ? digest : `sha256:${createHash('sha256').update(`${previous} ${digest}`).digest('hex')}`);
  }
  return chains;
}
