import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { layerChains } from './layer-chains.js';

const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const a = sha('a');
const b = sha('b');
const c = sha('c');

describe('layerChains', () => {
  test('follows OCI ChainID: the first layer alone, then the hash of the previous chain, a space and the next layer', () => {
    const ab = sha(`${a} ${b}`);
    expect(layerChains([a, b, c])).toEqual([a, ab, sha(`${ab} ${c}`)]);
    expect(layerChains([])).toEqual([]);
  });

  test('a shared prefix gives the same chains; order matters', () => {
    expect(layerChains([a, b, c]).slice(0, 2)).toEqual(layerChains([a, b]));
    expect(layerChains([b, a])[1]).not.toBe(layerChains([a, b])[1]);
  });
});
