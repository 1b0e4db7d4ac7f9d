import pino from 'pino';
import { expect, test } from 'vitest';
import { EventBus } from './bus.js';

const event = {
  type: 'artifact.pushed' as const,
  operator: 'alice',
  projectId: 1,
  repository: 'library/app',
  digest: 'sha256:abc',
  tag: 'v1',
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  at: '2026-01-01T00:00:00.000Z',
};

test('subscribers get the events of their type; a failing subscriber never reaches the emitter', async () => {
  const bus = new EventBus(pino({ level: 'silent' }));
  const seen: string[] = [];
  bus.on('artifact.pushed', () => {
    throw new Error('boom');
  });
  bus.on('artifact.pushed', () => Promise.reject(new Error('async boom')));
  const off = bus.on('artifact.pushed', (e) => void seen.push(`${e.repository}:${e.tag}`));
  bus.on('artifact.pulled', () => void seen.push('pulled'));
  expect(() => bus.emit(event)).not.toThrow();
  off();
  bus.emit(event);
  await new Promise((r) => setTimeout(r, 10));
  expect(seen).toEqual(['library/app:v1']);
});
