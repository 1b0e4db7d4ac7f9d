/**
 * Artifacts as the API shows them: the list of a repository (q on tags, labels and Harbor's
 * artifact columns; sort by push or pull time, size, id or digest), one artifact by digest or tag, and an artifact's
 * accessories. Each artifact comes with its index children (with their platforms), its tags
 * unless with_tag=false, the number of its accessories, the accessories themselves with
 * with_accessory=true, and the additions it offers.
 *
 * Accessories are Harbor's name for what OCI calls referrers: manifests of the same repository
 * whose `subject` is the artifact (signatures, SBOMs, attestations).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { invalid } from '../../lib/errors.js';
import { parseQuery, type Condition } from '../../lib/query-language.js';
import { buildListQuery, filtersFor, type ListSpec, type Page, type Paging } from '../lists/list-query.js';
import { repositoryFor, type RepositoryNames } from '../repositories/repository-access.js';
import { immutableTest } from '../immutable/immutable-guard.js';
import { RawJson } from '../../lib/raw-json.js';
import type { Actor } from '../security/actor.js';
import { artifactFor, artifactIn } from './artifact-access.js';
import {
  ACCESSORY_LIST,
  accessoriesOf,
  ARTIFACT_LIST,
  countAccessories,
  listAccessoryRows,
  listArtifactRows,
  referencesOf,
  tagsOfArtifacts,
  type ArtifactRecord,
  type ReferenceRecord,
  type TagFilter,
  type TagRecord,
} from './artifact-list.repository.js';
import { isImageConfig } from './artifact-metadata.js';
import { tagsJsonOf, type TagsJsonCache } from './tags-json-cache.js';
import { labelsOfArtifacts, type Label } from '../labels/label.repository.js';
import { sbomOverviews, type SbomOverview } from '../sbom/sbom-overview.js';
import type { ReportOverview } from '../scanning/report.repository.js';
import { scanOverviewsOf } from '../scanning/scan.service.js';

type Db = Kysely<Database>;

/** The additions an artifact offers: GET …/artifacts/{ref}/additions/{name}. */
export type AdditionName = 'build_history' | 'layers' | 'vulnerabilities';

export interface AccessoryView extends ArtifactRecord {
  repositoryName: string;
  /** Harbor's accessory types: signature.cosign, signature.notation, harbor.sbom, or subject.accessory. */
  accessoryType: string;
  subjectArtifactId: number;
}

export interface ArtifactView extends ArtifactRecord {
  repositoryName: string;
  /**
   * Its tags, newest first, absent when the request said with_tag=false: records when an
   * immutable rule selects the repository (each tag is asked), else the JSON text of the API's
   * tags as the database wrote it (all 5,000 tags of an artifact cost about a millisecond so).
   */
  tags?: TagRecord[] | RawJson;
  references: ReferenceRecord[];
  accessoryCount: number;
  /** Present when the request said with_accessory=true. */
  accessories?: AccessoryView[];
  additions: AdditionName[];
  /** Filled with with_label=true (Harbor's), else empty. */
  labels: Label[];
  /** With with_sbom_overview=true, when an SBOM was generated or asked for. */
  sbomOverview?: SbomOverview;
  /** With with_scan_overview=true: the vulnerability report's overview by the project's scanner, when there is one. */
  scanOverview?: ReportOverview | null;
}

export interface ViewOptions {
  withTag: boolean;
  withAccessory: boolean;
  withLabel?: boolean;
  withSbomOverview?: boolean;
  withScanOverview?: boolean;
  /** The app's texts of many inline tags (RegistryRuntime.tagTexts); without it every text is written afresh. */
  tagTexts?: TagsJsonCache;
}

const ACCESSORY_TYPES: Record<string, string> = {
  'application/vnd.dev.cosign.artifact.sig.v1+json': 'signature.cosign',
  'application/vnd.cncf.notary.signature': 'signature.notation',
  'application/vnd.goharbor.harbor.sbom.v1': 'harbor.sbom',
};

export const accessoryTypeOf = (artifactType: string | null) => ACCESSORY_TYPES[artifactType ?? ''] ?? 'subject.accessory';

function additionsOf(artifact: ArtifactRecord): AdditionName[] {
  if (artifact.configDigest === null) return [];
  return isImageConfig(artifact.mediaType) ? ['build_history', 'vulnerabilities', 'layers'] : ['layers'];
}

const groupBy = <T, K>(items: T[], key: (item: T) => K) => {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
};

const NO_TAGS = new RawJson('[]');

/** The tags of each of the artifacts: JSON text unless an immutable rule selects the repository. */
async function tagsByArtifact(
  db: Db,
  projectId: number,
  repositoryName: string,
  ids: number[],
  tagTexts: TagsJsonCache | undefined,
): Promise<Map<number, TagRecord[] | RawJson>> {
  const isProtected = await immutableTest(db, projectId, repositoryName);
  if (!isProtected) {
    const texts = await tagsJsonOf(db, ids, tagTexts);
    return new Map(ids.map((id) => [id, texts.get(id) ?? NO_TAGS]));
  }
  const tags = await tagsOfArtifacts(db, ids);
  for (const t of tags) t.immutable = isProtected(t.name);
  return groupBy(tags, (t) => t.artifactId);
}

/** Fills a page of artifacts with what the API shows beside their own columns: a few queries per page, never per artifact. */
async function views(db: Db, repositoryName: string, artifacts: ArtifactRecord[], options: ViewOptions): Promise<ArtifactView[]> {
  if (artifacts.length === 0) return [];
  const repositoryId = artifacts[0]!.repositoryId;
  const digests = artifacts.map((a) => a.digest);
  const indexes = artifacts.filter((a) => a.configDigest === null).map((a) => a.id);
  const ids = artifacts.map((a) => a.id);
  const [tagsOf, references, counts, accessories, labels, sbomOverviewsById, scanOverviews] = await Promise.all([
    options.withTag ? tagsByArtifact(db, artifacts[0]!.projectId, repositoryName, ids, options.tagTexts) : Promise.resolve(new Map<number, TagRecord[] | RawJson>()),
    referencesOf(db, indexes),
    countAccessories(db, repositoryId, digests),
    options.withAccessory ? accessoriesOf(db, repositoryId, digests) : Promise.resolve([]),
    options.withLabel ? labelsOfArtifacts(db, ids) : Promise.resolve([]),
    options.withSbomOverview ? sbomOverviews(db, ids) : Promise.resolve(new Map<number, SbomOverview>()),
    options.withScanOverview ? scanOverviewsOf(db, artifacts[0]!.projectId, digests) : Promise.resolve(undefined),
  ]);
  const labelsOf = groupBy(labels, (l) => l.artifactId);
  const childrenOf = groupBy(references, (r) => r.parentId);
  const accessoriesBySubject = groupBy(accessories, (a) => a.subjectDigest);
  return artifacts.map((artifact) => ({
    ...artifact,
    repositoryName,
    ...(options.withTag ? { tags: tagsOf.get(artifact.id) ?? [] } : {}),
    references: childrenOf.get(artifact.id) ?? [],
    accessoryCount: counts.get(artifact.digest) ?? 0,
    ...(options.withAccessory
      ? { accessories: (accessoriesBySubject.get(artifact.digest) ?? []).map((a) => accessoryView(a, repositoryName, artifact.id)) }
      : {}),
    additions: additionsOf(artifact),
    labels: (labelsOf.get(artifact.id) ?? []).map((l) => l.label),
    ...(sbomOverviewsById.has(artifact.id) ? { sbomOverview: sbomOverviewsById.get(artifact.id)! } : {}),
    ...(scanOverviews ? { scanOverview: scanOverviews.get(artifact.digest) ?? null } : {}),
  }));
}

const accessoryView = (a: ArtifactRecord, repositoryName: string, subjectArtifactId: number): AccessoryView => ({
  ...a,
  repositoryName,
  accessoryType: accessoryTypeOf(a.artifactType),
  subjectArtifactId,
});

/** The tag names q filters on, as filters on the tags table's name column. */
const TAG_NAME: ListSpec = { items: 'tags', fields: { tags: { column: 'name', type: 'string' } }, defaultSort: 'tags', tieBreaker: 'name' };

/** Harbor's q=tags=*, tags=nil, tags=v, tags=~v and tags={a b}; each condition on tags narrows the list further. */
function tagFilters(conditions: Condition[]): TagFilter[] {
  return conditions.flatMap((c): TagFilter[] => {
    if (c.kind === 'exact' && c.value === '*') return [{ kind: 'tagged' }];
    if (c.kind === 'exact' && c.value === 'nil') return [{ kind: 'untagged' }];
    if (c.kind === 'range') throw invalid('In q, tags cannot be a range; use tags=v, tags=~v, tags={a b}, tags=* or tags=nil.', 'q');
    return filtersFor(TAG_NAME, c).map((filter) => ({ kind: 'name' as const, filter }));
  });
}

/** Harbor's q=labels=(id id ...): the ids of the labels an artifact must all carry (src/pkg/artifact/dao setLabelQuery). */
function labelIdsOf(conditions: Condition[]): number[] {
  return conditions.flatMap((c) => {
    if (c.kind !== 'and' || c.values.some((v) => !/^\d{1,10}$/.test(v))) {
      throw invalid('In q, labels must be a list of label ids that must all match, such as labels=(1 2).', 'q');
    }
    return c.values.map(Number);
  });
}

export type ArtifactListNames = RepositoryNames;

/** GET …/repositories/{r}/artifacts: needs artifact:list in the project. */
export async function listArtifactsAs(
  db: Db,
  actor: Actor,
  names: ArtifactListNames,
  paging: Paging,
  options: ViewOptions,
): Promise<Page<ArtifactView>> {
  const { repository } = await repositoryFor(db, actor, names, 'artifact', 'list');
  const conditions = parseQuery(paging.q);
  const isTags = (c: Condition) => c.key === 'tags';
  const isLabels = (c: Condition) => c.key === 'labels';
  const query = buildListQuery(
    ARTIFACT_LIST,
    { ...paging, q: undefined },
    conditions.filter((c) => !isTags(c) && !isLabels(c)),
  );
  const labelIds = labelIdsOf(conditions.filter(isLabels));
  const page = await listArtifactRows(db, repository.id, query, tagFilters(conditions.filter(isTags)), labelIds);
  return { ...page, items: await views(db, repository.name, page.items, options) };
}

/** GET …/artifacts/{reference}: needs artifact:read. */
export async function getArtifactAs(
  db: Db,
  actor: Actor,
  names: ArtifactListNames & { reference: string },
  options: ViewOptions,
): Promise<ArtifactView> {
  const { repository, artifact } = await artifactFor(db, actor, names, 'artifact', 'read');
  const [view] = await views(db, repository.name, [artifact], options);
  return view!;
}

/** GET …/artifacts/{reference}/accessories: needs accessory:list. */
export async function listAccessoriesAs(
  db: Db,
  actor: Actor,
  names: ArtifactListNames & { reference: string },
  paging: Paging,
): Promise<Page<AccessoryView>> {
  const { repository } = await repositoryFor(db, actor, names, 'accessory', 'list');
  const subject = await artifactIn(db, repository, names.reference);
  const page = await listAccessoryRows(db, repository.id, subject.digest, buildListQuery(ACCESSORY_LIST, paging));
  return { ...page, items: page.items.map((a) => accessoryView(a, repository.name, subject.id)) };
}
