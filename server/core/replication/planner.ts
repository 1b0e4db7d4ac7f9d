/**
 * Turns a rule into tasks (Harbor's flow/copy.go and flow/deletion.go): list the source's
 * repositories and artifacts, keep what the filters select, name each destination repository,
 * and make one task per artifact. A push rule's source is this Berth's database; a pull rule's
 * is the remote's catalog and tag lists (or the repositories its name filter names outright,
 * for a registry without a catalog). An event names its artifact: no listing at all.
 */
import { isAppError, invalid } from '../../lib/errors.js';
import type { CoreContext } from '../context.js';
import { createProject } from '../projects/project.service.js';
import { findProjectByName } from '../projects/project.repository.js';
import { isRemoteError } from '../../remote/remote-error.js';
import { openRegistry } from '../registries/registry-client.js';
import { compileFilters, specificNames, type CandidateArtifact, type CompiledFilters } from './filters.js';
import { ACCESSORY_TAG, localArtifacts, localRepositoryNames } from './local-source.repository.js';
import { destinationRepository } from './naming.js';
import type { ReplicationPolicy } from './policy.repository.js';

/** A task's parameters (the replication contract's, plus every tag to set). */
export interface ReplicationTaskParams extends Record<string, unknown> {
  policyId: number;
  srcRegistryId: number | null;
  dstRegistryId: number | null;
  srcRepository: string;
  /** The first tag, or the digest of an untagged artifact. */
  reference: string;
  dstRepository: string;
  dstTag?: string;
  /** Every tag the rule replicates for this artifact (each set at the destination). */
  tags: string[];
  operation: 'copy' | 'deletion';
  /** A deletion of the tag alone (dstTag), the artifact staying. */
  tagOnly?: boolean;
  override: boolean;
  /** KB/s; 0 unlimited. */
  speed: number;
  /** Harbor's copy_by_chunk: blobs go in REPLICATION_CHUNK_SIZE pieces (10 MiB) rather than Berth's 32 MiB. */
  copyByChunk?: boolean;
}

export interface PlannedTask {
  params: ReplicationTaskParams;
  /** What the API shows of the task (Harbor's task extra_attrs). */
  extraAttrs: { operation: string; resource_type: string; source_resource: string; destination_resource: string };
}

/**
 * A local change an event-based rule replicates. A delete with a tag is a tag deletion (the
 * artifact stays); without, the artifact went, and `at` groups it with what went along.
 */
export interface ReplicationEvent {
  kind: 'push' | 'delete';
  repository: string;
  digest: string;
  tag?: string;
  at?: string;
}

/** Harbor's resource name: repo:[tag1,tag2], or repo@digest untagged. */
const resourceName = (repository: string, tags: string[], digest: string) =>
  tags.length > 0 ? `${repository}:[${tags.join(',')}]` : `${repository}@${digest}`;

function taskFor(policy: ReplicationPolicy, repository: string, artifact: CandidateArtifact, tags: string[], operation: 'copy' | 'deletion'): PlannedTask {
  const dstRepository = destinationRepository(repository, policy.destNamespace, policy.destNamespaceReplaceCount);
  const reference = tags[0] ?? artifact.digest;
  return {
    params: {
      policyId: policy.id,
      srcRegistryId: policy.srcRegistryId,
      dstRegistryId: policy.destRegistryId,
      srcRepository: repository,
      reference,
      dstRepository,
      ...(tags[0] ? { dstTag: tags[0] } : {}),
      tags,
      operation,
      override: policy.override,
      speed: policy.speed,
      copyByChunk: policy.copyByChunk,
    },
    extraAttrs: {
      operation,
      resource_type: artifact.type === undefined || artifact.type.toUpperCase() === 'IMAGE' ? 'image' : 'artifact',
      source_resource: resourceName(repository, tags, artifact.digest),
      destination_resource: resourceName(dstRepository, tags, artifact.digest),
    },
  };
}

async function planLocalSource(ctx: CoreContext, policy: ReplicationPolicy, filters: CompiledFilters): Promise<PlannedTask[]> {
  const tasks: PlannedTask[] = [];
  for (const repository of (await localRepositoryNames(ctx.db)).filter((r) => filters.repository(r))) {
    for (const artifact of await localArtifacts(ctx.db, repository)) {
      const tags = filters.artifact(artifact);
      if (tags) tasks.push(taskFor(policy, repository, artifact, tags, 'copy'));
    }
  }
  return tasks;
}

async function remoteRepositories(ctx: CoreContext, policy: ReplicationPolicy, signal: AbortSignal): Promise<string[]> {
  const source = await openRegistry(ctx, policy.srcRegistryId);
  try {
    return await source.listRepositories(signal);
  } catch (err) {
    if (!isRemoteError(err, 'unsupported')) throw err;
    const pattern = policy.filters.find((f) => f.type === 'name')?.value;
    const names = typeof pattern === 'string' ? specificNames(pattern) : null;
    if (!names) throw invalid('The source registry has no catalog: the rule\'s name filter must name its repositories (library/app or library/{a,b}).', 'filters');
    return names;
  }
}

async function planRemoteSource(ctx: CoreContext, policy: ReplicationPolicy, filters: CompiledFilters, signal: AbortSignal): Promise<PlannedTask[]> {
  const source = await openRegistry(ctx, policy.srcRegistryId);
  const tasks: PlannedTask[] = [];
  for (const repository of (await remoteRepositories(ctx, policy, signal)).filter((r) => filters.repository(r))) {
    // Without Harbor's API the digest of a tag is unknown until it is read: one task per tag.
    for (const tag of await source.listTags(repository, signal)) {
      if (ACCESSORY_TAG.test(tag)) continue;
      const candidate: CandidateArtifact = { digest: '', tags: [tag] };
      const tags = filters.artifact(candidate);
      if (tags && tags.length > 0) tasks.push(taskFor(policy, repository, candidate, tags, 'copy'));
    }
  }
  return tasks;
}

/** A pull rule into this Berth lands in projects that must exist: made private, owned by admin, as Harbor's local adapter makes them. */
async function prepareLocalDestination(ctx: CoreContext, tasks: PlannedTask[]): Promise<void> {
  const projects = new Set<string>();
  for (const { params } of tasks) {
    const parts = params.dstRepository.split('/');
    if (parts.length < 2) {
      throw invalid(`The destination repository ${params.dstRepository} needs a project: set dest_namespace or keep a path level.`, 'dest_namespace');
    }
    projects.add(parts[0]!);
  }
  for (const name of projects) {
    if (await findProjectByName(ctx.db, name)) continue;
    try {
      await createProject(ctx.db, { name, ownerId: 1 });
    } catch (err) {
      if (!(isAppError(err) && err.kind === 'CONFLICT')) throw err;
    }
  }
}

/** Every artifact the rule selects now (manual and scheduled runs). */
export async function planRule(ctx: CoreContext, policy: ReplicationPolicy, signal: AbortSignal): Promise<PlannedTask[]> {
  const filters = compileFilters(policy.filters);
  const tasks =
    policy.srcRegistryId === null ? await planLocalSource(ctx, policy, filters) : await planRemoteSource(ctx, policy, filters, signal);
  if (policy.destRegistryId === null) await prepareLocalDestination(ctx, tasks);
  return tasks;
}

/**
 * The deletions a batch of delete events asks for. Deleting an artifact here takes its index
 * children and accessories along and announces each (one `at`): only the first of such a group
 * is deleted at the destination, which takes the rest along as this Berth did (or leaves them
 * unreachable on a plain registry). A tag deleted alone deletes only that tag.
 */
function deletionTasks(policy: ReplicationPolicy, filters: CompiledFilters, events: ReplicationEvent[]): PlannedTask[] {
  const tasks: PlannedTask[] = [];
  const goneDigests = new Set(events.filter((e) => !e.tag).map((e) => `${e.repository}@${e.digest}`));
  const groups = new Set<string>();
  for (const event of events) {
    if (event.tag) {
      if (goneDigests.has(`${event.repository}@${event.digest}`) || !filters.artifact({ digest: event.digest, tags: [event.tag] })) continue;
      const task = taskFor(policy, event.repository, { digest: event.digest, tags: [] }, [event.tag], 'deletion');
      tasks.push({ ...task, params: { ...task.params, tagOnly: true } });
      continue;
    }
    const group = `${event.repository} ${event.at ?? event.digest}`;
    if (groups.has(group)) continue;
    groups.add(group);
    tasks.push(taskFor(policy, event.repository, { digest: event.digest, tags: [] }, [], 'deletion'));
  }
  return tasks;
}

/** The tasks local events ask of a push rule: copies of what was pushed, deletions when the rule replicates them. */
export async function planEvents(ctx: CoreContext, policy: ReplicationPolicy, events: ReplicationEvent[]): Promise<PlannedTask[]> {
  const filters = compileFilters(policy.filters);
  const mine = events.filter((e) => filters.repository(e.repository) && !(e.tag && ACCESSORY_TAG.test(e.tag)));
  const tasks: PlannedTask[] = policy.replicateDeletion ? deletionTasks(policy, filters, mine.filter((e) => e.kind === 'delete')) : [];
  const deleted = new Set(mine.filter((e) => e.kind === 'delete' && !e.tag).map((e) => `${e.repository}@${e.digest}`));
  const copied = new Set<string>();
  for (const event of mine.filter((e) => e.kind === 'push')) {
    const key = `${event.repository}@${event.digest}`;
    // Pushed and deleted again within the batch: nothing to copy.
    if (copied.has(key) || deleted.has(key)) continue;
    copied.add(key);
    const current = (await localArtifacts(ctx.db, event.repository)).find((a) => a.digest === event.digest);
    if (!current) continue;
    const tags = filters.artifact(current);
    if (tags) tasks.push(taskFor(policy, event.repository, current, tags, 'copy'));
  }
  return tasks;
}
