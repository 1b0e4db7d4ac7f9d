/**
 * Whether immutable tag rules protect a tag, and the refusal when something would move or
 * delete one. The registry (/v2) answers DENIED and the API 412, so the refusal is built for the
 * surface that asks: the same sentence either way.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { findTag } from '../artifacts/tag.repository.js';
import { repositorySelected, shortRepositoryName, tagSelection } from '../retention/selectors.js';
import { listImmutableRules } from './immutable.repository.js';

export type Surface = 'registry' | 'api';

/** The tags among `tags` of the repository (full name) that an enabled rule of the project protects. */
export async function protectedTags(db: Kysely<Database>, projectId: number, repository: string, tags: readonly string[]): Promise<string[]> {
  if (tags.length === 0) return [];
  const isProtected = await immutableTest(db, projectId, repository);
  return isProtected ? tags.filter(isProtected) : [];
}

/**
 * Whether an enabled rule of the project protects a tag of the repository (full name), with each
 * rule's patterns compiled once; null when no rule selects the repository, so no tag of it is
 * protected (and a list of its tags need not ask tag by tag).
 */
export async function immutableTest(db: Kysely<Database>, projectId: number, repository: string): Promise<((tag: string) => boolean) | null> {
  const short = shortRepositoryName(repository);
  const mine = (await listImmutableRules(db, projectId)).filter((r) => !r.disabled && repositorySelected(r.scopeSelectors, short));
  if (mine.length === 0) return null;
  const selections = mine.map((r) => tagSelection(r.tagSelectors));
  return (tag) => selections.some((selected) => selected(tag));
}

/** The refusal for a protected tag: DENIED on /v2 (through the 'immutable' registry field), 412 on /api. */
export function immutableRefusal(surface: Surface, repository: string, tag: string, what: 'moved' | 'deleted' | 'moved or deleted'): AppError {
  const message = `The tag ${tag} of ${repository} is immutable: an immutable tag rule of its project protects it, so it cannot be ${what}.`;
  return surface === 'registry' ? new AppError('PRECONDITION', message, { field: 'immutable', detail: { repository, tag } }) : new AppError('PRECONDITION', message);
}

/** Throws when one of the tags is protected. */
export async function refuseProtected(
  db: Kysely<Database>,
  surface: Surface,
  target: { projectId: number; repository: string; tags: readonly string[] },
  what: 'moved' | 'deleted' | 'moved or deleted',
): Promise<void> {
  const [tag] = await protectedTags(db, target.projectId, target.repository, target.tags);
  if (tag !== undefined) throw immutableRefusal(surface, target.repository, tag, what);
}

/** Throws when pointing the tags at `digest` would move a protected tag (re-pushing the same digest moves nothing). */
export async function refuseTagMoves(
  db: Kysely<Database>,
  surface: Surface,
  target: { projectId: number; repository: string; tags: readonly string[]; digest: string },
): Promise<void> {
  const moving: string[] = [];
  for (const tag of target.tags) {
    const current = await findTag(db, target.repository, tag);
    if (current && current.digest !== target.digest) moving.push(tag);
  }
  await refuseProtected(db, surface, { projectId: target.projectId, repository: target.repository, tags: moving }, 'moved');
}
