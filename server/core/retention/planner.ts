/**
 * A retention plan for one project: per repository some rule selects, each top-level artifact
 * to retain or delete (with why, its pulls and size), and the bytes the deletions free. Planned
 * over the whole project at once so bytes count only blobs that no remaining artifact anywhere
 * names: a blob two deleted artifacts share counts once, a blob a kept artifact shares not at
 * all. The same plan is what a dry run reports and what a real run deletes.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { listImmutableRules } from '../immutable/immutable.repository.js';
import { blobsStillNamed, loadProjectArtifacts, type StoredArtifact, type StoredTag } from './candidates.repository.js';
import { evaluateRepository, type Candidate, type RetentionRule } from './rules.js';
import { repositorySelected, shortRepositoryName, tagSelected } from './selectors.js';

export interface PlanItem {
  digest: string;
  tags: StoredTag[];
  pushTime: string;
  pullTime: string | null;
  pullCount: number;
  size: number;
  action: 'retain' | 'delete';
  /** For retained artifacts: "rule 1", "immutable". */
  reasons: string[];
  /** Index children and accessories that go with a deleted artifact. */
  dependents: string[];
  /** Blob bytes this deletion frees (blobs first freed by it). */
  bytesFreed: number;
}

export interface RepositoryPlan {
  repository: string;
  total: number;
  retained: number;
  deleted: number;
  bytesFreed: number;
  items: PlanItem[];
}

/** Artifacts that go with a deleted one: untagged referrers of it and untagged children no remaining index lists. */
function dependentsOf(root: StoredArtifact, byRepository: Map<string, StoredArtifact[]>, leaving: Set<number>): StoredArtifact[] {
  const out: StoredArtifact[] = [];
  const queue = [root];
  while (queue.length) {
    const next = queue.shift()!;
    const repoArtifacts = byRepository.get(next.repository) ?? [];
    const referrers = repoArtifacts.filter((a) => a.subjectDigest === next.digest);
    const children = repoArtifacts.filter((a) => next.childIds.includes(a.id));
    for (const d of [...referrers, ...children]) {
      if (leaving.has(d.id) || d.tags.length > 0) continue;
      const listedElsewhere = repoArtifacts.some((p) => !leaving.has(p.id) && p.id !== next.id && p.childIds.includes(d.id));
      if (listedElsewhere) continue;
      leaving.add(d.id);
      out.push(d);
      queue.push(d);
    }
  }
  return out;
}

async function immutableCheck(db: Kysely<Database>, projectId: number) {
  const rules = (await listImmutableRules(db, projectId)).filter((r) => !r.disabled);
  return (repository: string, tags: StoredTag[]) =>
    rules.some((r) => repositorySelected(r.scopeSelectors, shortRepositoryName(repository)) && tags.some((t) => tagSelected(r.tagSelectors, t.name)));
}

export async function planProject(db: Kysely<Database>, projectId: number, rules: readonly RetentionRule[], now: Date): Promise<RepositoryPlan[]> {
  const all = await loadProjectArtifacts(db, projectId);
  const isImmutable = await immutableCheck(db, projectId);
  const childIds = new Set(all.flatMap((a) => a.childIds));
  const digestsIn = new Set(all.map((a) => `${a.repository}@${a.digest}`));
  // Index children and accessories of a present subject are not candidates: they go with their parent.
  const topLevel = all.filter((a) => !childIds.has(a.id) && !(a.subjectDigest && digestsIn.has(`${a.repository}@${a.subjectDigest}`)));
  const repositories = [...new Set(topLevel.map((a) => a.repository))].sort();
  const byRepository = new Map<string, StoredArtifact[]>();
  for (const a of all) {
    const list = byRepository.get(a.repository);
    if (list) list.push(a);
    else byRepository.set(a.repository, [a]);
  }

  const leaving = new Set<number>();
  const plans: { plan: RepositoryPlan; deleted: { item: PlanItem; artifacts: StoredArtifact[] }[] }[] = [];
  const topLevelIds = new Set(topLevel.map((a) => a.id));
  for (const repository of repositories) {
    const artifacts = (byRepository.get(repository) ?? []).filter((a) => topLevelIds.has(a.id));
    const candidates: Candidate[] = artifacts.map((a) => ({
      id: a.id,
      digest: a.digest,
      tags: a.tags.map((t) => t.name),
      pushTime: a.pushTime,
      pullTime: a.pullTime,
      immutable: isImmutable(repository, a.tags),
    }));
    const verdict = evaluateRepository(rules, shortRepositoryName(repository), candidates, now);
    if (!verdict.selected) continue;
    const deleted: { item: PlanItem; artifacts: StoredArtifact[] }[] = [];
    const items = artifacts.map((a): PlanItem => {
      const retain = verdict.retained.has(a.id);
      const item: PlanItem = {
        digest: a.digest,
        tags: a.tags,
        pushTime: a.pushTime,
        pullTime: a.pullTime,
        pullCount: a.pullCount,
        size: a.size,
        action: retain ? 'retain' : 'delete',
        reasons: verdict.reasons.get(a.id) ?? [],
        dependents: [],
        bytesFreed: 0,
      };
      if (!retain) {
        leaving.add(a.id);
        deleted.push({ item, artifacts: [a] });
      }
      return item;
    });
    plans.push({ plan: { repository, total: items.length, retained: items.length - deleted.length, deleted: deleted.length, bytesFreed: 0, items }, deleted });
  }
  for (const { deleted } of plans) {
    for (const d of deleted) {
      const dependents = dependentsOf(d.artifacts[0]!, byRepository, leaving);
      d.item.dependents = dependents.map((x) => x.digest);
      d.artifacts.push(...dependents);
    }
  }
  // Bytes: blobs of what leaves that nothing remaining names, each counted once, where first freed.
  const blobIds = [...new Set(all.filter((a) => leaving.has(a.id)).flatMap((a) => a.blobs.map((b) => b.id)))];
  const stillNamed = await blobsStillNamed(db, blobIds, leaving);
  const counted = new Set<number>();
  for (const { plan, deleted } of plans) {
    for (const d of deleted) {
      for (const blob of d.artifacts.flatMap((a) => a.blobs)) {
        if (stillNamed.has(blob.id) || counted.has(blob.id)) continue;
        counted.add(blob.id);
        d.item.bytesFreed += blob.size;
      }
      plan.bytesFreed += d.item.bytesFreed;
    }
  }
  return plans.map((p) => p.plan);
}
