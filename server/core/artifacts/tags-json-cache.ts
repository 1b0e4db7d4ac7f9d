/**
 * The JSON text of the inline tags of artifacts carrying many tags, kept in memory between
 * requests. Writing 5,000 tags as JSON costs the database about 10 ms (SQLite, most of it reading
 * the pages of a large database); the same text from memory costs a lookup of one number.
 *
 * Correct across processes without messages: an entry is (artifact, version, text), where the
 * version is the artifact's row in artifact_tag_versions, which triggers raise in the same
 * transaction as every change to its tags (migration 0029: create, delete, move, pull counts and
 * times). Each request reads the current versions of the artifacts it holds texts for, and a text
 * is served only for the version it was written at; so a change committed by any process is
 * seen by every other at its next request, and nothing needs forgetting (unlike the caches of
 * registry/runtime.ts). The text and its version come from one statement, so they always match.
 *
 * Texts are kept as UTF-8 bytes with their digest, written to responses as they are (lib/raw-json.ts), and bounded
 * by their total size (about 175 bytes a tag), the least recently used going first; artifacts with
 * few tags are not kept, so pages of ordinary artifacts do not churn it.
 *
 * On SQLite a long list is written in steps (sqliteTagsJsonInSteps), so the one request that
 * writes it does not hold the event loop either.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import { isPostgres } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import { RawJson } from '../../lib/raw-json.js';
import { sqliteTagsJsonInSteps, tagCountsOf, tagsJsonOfArtifacts, TAGS_PER_STATEMENT, tagVersionsOf, type TagsJson } from './tags-json.repository.js';

/** Artifacts with fewer tags are written afresh each time (a millisecond or less). */
export const CACHED_FROM_TAGS = 100;
/** 8 MiB: the texts of about 48,000 tags. */
export const MAX_CACHED_BYTES = 8 * 1024 * 1024;

export class TagsJsonCache {
  /** Artifact id -> its text at a version, bounded by the texts' bytes; a text over a quarter of the bound is not kept. */
  private readonly entries: LRUCache<number, { version: number; text: RawJson }>;

  constructor(maxBytes = MAX_CACHED_BYTES) {
    this.entries = new LRUCache({ maxSize: maxBytes, maxEntrySize: maxBytes / 4, sizeCalculation: (entry) => entry.text.text.length });
  }

  has(artifactId: number): boolean {
    return this.entries.has(artifactId);
  }

  /** The text at `version`; a text of another version is dropped (it can never be served again). */
  get(artifactId: number, version: number): RawJson | undefined {
    const entry = this.entries.get(artifactId);
    if (entry?.version === version) return entry.text;
    if (entry) this.entries.delete(artifactId);
    return undefined;
  }

  /** Keeps `text` (UTF-8 bytes) at `version`; returns it as RawJson with its digest, kept or not. */
  set(artifactId: number, version: number, text: Buffer): RawJson {
    const json = new RawJson(text, createHash('sha1').update(text).digest('base64'));
    // A newer text stays: a slower request may bring an older one.
    if ((this.entries.peek(artifactId)?.version ?? -1) <= version) this.entries.set(artifactId, { version, text: json });
    return json;
  }

  /** The bytes held (for tests and the bound). */
  get size(): number {
    return this.entries.calculatedSize;
  }
}

/** The texts the database writes for `artifactIds`; on SQLite, long lists in steps. */
async function written(db: Kysely<Database>, artifactIds: number[]): Promise<Map<number, TagsJson>> {
  if (isPostgres(db)) return tagsJsonOfArtifacts(db, artifactIds);
  const counts = await tagCountsOf(db, artifactIds);
  const long = artifactIds.filter((id) => (counts.get(id) ?? 0) > TAGS_PER_STATEMENT);
  const texts = await tagsJsonOfArtifacts(db, artifactIds.filter((id) => counts.has(id) && !long.includes(id)));
  for (const id of long) {
    const text = await sqliteTagsJsonInSteps(db, id);
    if (text) texts.set(id, text);
  }
  return texts;
}

/**
 * The tags of the artifacts as the JSON text of Harbor's tag arrays, by artifact id (absent: no
 * tags): from `cache` where it holds the current version (as bytes), else written by the database
 * (and kept when the artifact has many tags).
 */
export async function tagsJsonOf(db: Kysely<Database>, artifactIds: number[], cache: TagsJsonCache | undefined): Promise<Map<number, RawJson>> {
  const texts = new Map<number, RawJson>();
  const held = cache ? artifactIds.filter((id) => cache.has(id)) : [];
  if (cache && held.length > 0) {
    const versions = await tagVersionsOf(db, held);
    for (const id of held) {
      const text = cache.get(id, versions.get(id) ?? 0);
      if (text !== undefined) texts.set(id, text);
    }
  }
  const missing = artifactIds.filter((id) => !texts.has(id));
  if (missing.length === 0) return texts;
  for (const [id, text] of await written(db, missing)) {
    texts.set(id, cache && text.tags >= CACHED_FROM_TAGS ? cache.set(id, text.version, Buffer.from(text.json)) : new RawJson(text.json));
  }
  return texts;
}
