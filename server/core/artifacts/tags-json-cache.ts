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
 * Bounded by the texts' total size (about 190 bytes a tag, ASCII: one byte a character in V8), the
 * least recently used going first; artifacts with few tags are not kept, so pages of ordinary
 * artifacts do not churn it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { tagsJsonOfArtifacts, tagVersionsOf } from './tags-json.repository.js';

/** Artifacts with fewer tags are written afresh each time (a millisecond or less). */
export const CACHED_FROM_TAGS = 100;
/** 8 MiB: the texts of about 40,000 tags. */
export const MAX_CACHED_CHARS = 8 * 1024 * 1024;

export class TagsJsonCache {
  /** Artifact id -> its text at a version; a Map iterates in insertion order, the oldest use first. */
  private readonly entries = new Map<number, { version: number; text: string }>();
  private chars = 0;

  constructor(private readonly maxChars = MAX_CACHED_CHARS) {}

  has(artifactId: number): boolean {
    return this.entries.has(artifactId);
  }

  /** The text at `version`; a text of another version is dropped (it can never be served again). */
  get(artifactId: number, version: number): string | undefined {
    const entry = this.entries.get(artifactId);
    if (!entry) return undefined;
    this.entries.delete(artifactId);
    if (entry.version !== version) {
      this.chars -= entry.text.length;
      return undefined;
    }
    this.entries.set(artifactId, entry);
    return entry.text;
  }

  set(artifactId: number, version: number, text: string): void {
    const old = this.entries.get(artifactId);
    if (old) {
      // A newer text stays: a slower request may bring an older one.
      if (old.version > version) return;
      this.entries.delete(artifactId);
      this.chars -= old.text.length;
    }
    if (text.length > this.maxChars / 4) return;
    for (const [id, entry] of this.entries) {
      if (this.chars + text.length <= this.maxChars) break;
      this.entries.delete(id);
      this.chars -= entry.text.length;
    }
    this.entries.set(artifactId, { version, text });
    this.chars += text.length;
  }

  /** The characters held (for tests and the bound). */
  get size(): number {
    return this.chars;
  }
}

/**
 * The tags of the artifacts as the JSON text of Harbor's tag arrays, by artifact id (absent: no
 * tags): from `cache` where it holds the current version, else written by the database (and kept
 * when the artifact has many tags).
 */
export async function tagsJsonOf(db: Kysely<Database>, artifactIds: number[], cache: TagsJsonCache | undefined): Promise<Map<number, string>> {
  const texts = new Map<number, string>();
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
  for (const [id, written] of await tagsJsonOfArtifacts(db, missing)) {
    texts.set(id, written.json);
    if (cache && written.tags >= CACHED_FROM_TAGS) cache.set(id, written.version, written.json);
  }
  return texts;
}
