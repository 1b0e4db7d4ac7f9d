/**
 * Artifacts and their tags: Harbor's Artifact, Reference, Platform, Tag, AdditionLink, Accessory
 * and their operations, under /projects/{project_name}/repositories/{repository_name}/artifacts.
 *
 * Berth's additions to Harbor's shapes, for the console: `accessory_count` on every artifact (the
 * number of its accessories, Harbor's name for OCI referrers: manifests of the same repository
 * whose subject it is), `artifact_type` on accessories, and the `layers` addition (each layer
 * with the build step that made it), linked from addition_links like Harbor's build_history.
 */
import { z } from 'zod';
import { booleanParam, created, errorResponses, LIST_HEADERS, ok, pagingQuery, rowIdParam, ZERO_TIME } from './common.js';
import { Label, LabelReq } from './labels.js';
import { operation } from './operation.js';
import { repositoryParams } from './repositories.js';
import { ScanOverview } from './scans.js';

export const Platform = z
  .object({
    architecture: z.string(),
    os: z.string(),
    variant: z.string().optional(),
    'os.version': z.string().optional(),
    'os.features': z.array(z.string()).optional(),
  })
  .meta({ id: 'Platform' });

export const Reference = z
  .object({
    parent_id: z.int(),
    child_id: z.int(),
    child_digest: z.string(),
    platform: Platform.optional(),
    annotations: z.record(z.string(), z.string()),
    urls: z.array(z.string()).optional(),
  })
  .meta({ id: 'Reference', description: 'A child of an index, with the platform it is for.' });

const NEVER_PULLED = `${ZERO_TIME} (Harbor's zero time) until the first pull.`;

export const Tag = z
  .object({
    id: z.int(),
    repository_id: z.int(),
    artifact_id: z.int(),
    name: z.string(),
    push_time: z.string(),
    pull_time: z.string().describe(NEVER_PULLED),
    immutable: z.boolean().describe('Whether an immutable tag rule of the project protects the tag.'),
    pull_count: z.int().describe('Berth: pulls by this tag so far.'),
  })
  .meta({ id: 'Tag' });

export const AdditionLink = z
  .object({ href: z.string().describe('Relative to the server.'), absolute: z.boolean() })
  .meta({ id: 'AdditionLink' });

export const Accessory = z
  .object({
    id: z.int(),
    artifact_id: z.int(),
    subject_artifact_id: z.int(),
    subject_artifact_digest: z.string(),
    subject_artifact_repo: z.string(),
    size: z.number(),
    digest: z.string(),
    type: z.string().describe('signature.cosign, signature.notation, harbor.sbom, or subject.accessory for any other referrer.'),
    icon: z.string(),
    creation_time: z.string(),
    artifact_type: z.string().nullable().describe('Berth: the OCI artifactType of the accessory.'),
  })
  .meta({ id: 'Accessory' });

export const SBOMOverview = z
  .object({
    start_time: z.string(),
    end_time: z.string().optional(),
    scan_status: z.string().describe('Pending, Running, Success or Error.'),
    sbom_digest: z.string().optional().describe('The digest of the generated SBOM accessory.'),
    report_id: z.string(),
    duration: z.int().describe('Seconds the generation took.'),
    scanner: z.object({ name: z.string(), vendor: z.string(), version: z.string() }).optional(),
    package_count: z.int().describe('Berth: the packages the SBOM lists.'),
    error: z.string().optional().describe('Berth: why the generation failed.'),
  })
  .meta({ id: 'SBOMOverview' });

export const Artifact = z
  .object({
    id: z.int(),
    type: z.string().describe('IMAGE, CHART, CNAB, WASM, SBOM, CNAI or UNKNOWN.'),
    media_type: z.string().describe('The config\'s media type; an index\'s own.'),
    manifest_media_type: z.string(),
    artifact_type: z.string().optional(),
    project_id: z.int(),
    repository_id: z.int(),
    repository_name: z.string(),
    digest: z.string(),
    size: z.number(),
    push_time: z.string(),
    pull_time: z.string().describe(NEVER_PULLED),
    pull_count: z.int().describe('Berth: pulls of the artifact so far, by tag or digest.'),
    extra_attrs: z.record(z.string(), z.unknown()),
    annotations: z.record(z.string(), z.string()),
    references: z.array(Reference).describe('An index\'s children; empty for anything else.'),
    tags: z.array(Tag).optional().describe('Absent with with_tag=false.'),
    addition_links: z.record(z.string(), AdditionLink).describe('build_history and layers for images.'),
    labels: z.array(Label).describe('With with_label=true; empty otherwise.'),
    accessories: z.array(Accessory).optional().describe('With with_accessory=true.'),
    accessory_count: z.int().describe('Berth: how many accessories (referrers) the artifact has.'),
    sbom_overview: SBOMOverview.optional().describe('With with_sbom_overview=true, once an SBOM was generated or asked for.'),
    scan_overview: ScanOverview.optional().describe('With with_scan_overview=true, once a scan was asked: NativeReportSummary keyed by the report MIME type.'),
  })
  .meta({ id: 'Artifact' });

export const NewTag = z
  .object({ name: z.string().describe('[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}, unused in the repository.') })
  .meta({ id: 'NewTag' });

export const BuildHistoryEntry = z
  .object({
    created: z.string().optional(),
    created_by: z.string().optional(),
    author: z.string().optional(),
    comment: z.string().optional(),
    empty_layer: z.boolean().optional(),
  })
  .meta({ id: 'BuildHistoryEntry' });

export const Layer = z
  .object({
    digest: z.string(),
    size: z.number(),
    media_type: z.string(),
    created_by: z.string().nullable().describe('The build step that made the layer (history entries with empty_layer skipped).'),
    created: z.string().nullable(),
    urls: z.array(z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: 'Layer', description: 'Berth: a layer of an image manifest.' });

export const ADDITIONS = ['build_history', 'layers', 'vulnerabilities', 'values.yaml', 'readme.md', 'dependencies', 'sbom', 'license', 'files'] as const;

const referenceParams = repositoryParams.extend({ reference: z.string().min(1).describe('A digest or a tag.') });

const viewFlags = {
  with_tag: booleanParam('Include the tags (default true).'),
  with_label: booleanParam('Include the labels.'),
  with_accessory: booleanParam('Include the accessories (referrers).'),
  with_sbom_overview: booleanParam('Include sbom_overview: the state of the artifact\'s latest SBOM generation.'),
  with_scan_overview: booleanParam('Include scan_overview: the vulnerability report\'s overview by the project\'s scanner.'),
  with_immutable_status: booleanParam('Accepted: each tag\'s immutable field is always filled in.'),
  with_signature: booleanParam('Accepted and ignored.'),
  with_inherited_accessory: booleanParam('Accepted and ignored.'),
};

export const artifactOperations = {
  listArtifacts: operation({
    id: 'listArtifacts',
    method: 'get',
    path: '/projects/{project_name}/repositories/{repository_name}/artifacts',
    summary: 'The artifacts of a repository, without the untagged children of indexes and the accessories.',
    tag: 'artifact',
    access: 'artifact:list',
    params: repositoryParams,
    query: pagingQuery.extend({
      q: pagingQuery.shape.q.describe(
        'tags=* (tagged), tags=nil (untagged), tags=v, tags=~part, tags={a b}; labels=(id id) (carrying every one of those labels); id, project_id, repository_id, repository_name, digest, type, media_type, manifest_media_type, artifact_type, size, push_time, pull_time. Other keys are ignored.',
      ),
      sort: pagingQuery.shape.sort.describe(
        'push_time, pull_time (never pulled sorts first), size, id or digest; the default is -push_time. Other keys are ignored.',
      ),
      ...viewFlags,
    }),
    responses: { 200: { description: 'The artifacts.', body: z.array(Artifact), headers: LIST_HEADERS }, ...errorResponses(400, 401, 403, 404) },
  }),
  CopyArtifact: operation({
    id: 'CopyArtifact',
    method: 'post',
    path: '/projects/{project_name}/repositories/{repository_name}/artifacts',
    summary: 'Copy an artifact, with its tags, into this repository (created when absent); blobs are shared, not copied.',
    tag: 'artifact',
    access: 'repository:push here and repository:pull on the source',
    params: repositoryParams,
    query: z.object({ from: z.string().min(1).describe('<project>/<repository>:<tag> or <project>/<repository>@<digest>.') }),
    responses: { ...created, ...errorResponses(400, 401, 403, 404) },
  }),
  getArtifact: operation({
    id: 'getArtifact',
    method: 'get',
    path: '/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}',
    summary: 'Get an artifact by digest or tag; an index comes with its children and their platforms.',
    tag: 'artifact',
    access: 'artifact:read',
    params: referenceParams,
    query: z.object(viewFlags),
    responses: { 200: { description: 'The artifact.', body: Artifact }, ...errorResponses(400, 401, 403, 404) },
  }),
  deleteArtifact: operation({
    id: 'deleteArtifact',
    method: 'delete',
    path: '/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}',
    summary: 'Delete an artifact and all its tags; refused while an index lists it.',
    tag: 'artifact',
    access: 'artifact:delete (maintainers and project admins)',
    params: referenceParams,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404, 412) },
  }),
  listAccessories: operation({
    id: 'listAccessories',
    method: 'get',
    path: '/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/accessories',
    summary: 'The accessories (referrers) of an artifact, newest first.',
    tag: 'artifact',
    access: 'accessory:list',
    params: referenceParams,
    query: pagingQuery.extend({ sort: pagingQuery.shape.sort.describe('id; the default is -id.') }),
    responses: { 200: { description: 'The accessories.', body: z.array(Accessory), headers: LIST_HEADERS }, ...errorResponses(400, 401, 403, 404) },
  }),
  getAddition: operation({
    id: 'getAddition',
    method: 'get',
    path: '/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/additions/{addition}',
    summary: 'An addition of an image: build_history (the config\'s history) or layers (Berth).',
    tag: 'artifact',
    access: 'artifact-addition:read',
    params: referenceParams.extend({ addition: z.enum(ADDITIONS) }),
    responses: {
      200: { description: 'The addition, as JSON.', body: z.union([z.array(BuildHistoryEntry), z.array(Layer)]) },
      ...errorResponses(400, 401, 403, 404),
    },
  }),
  listTags: operation({
    id: 'listTags',
    method: 'get',
    path: '/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/tags',
    summary: 'The tags of an artifact.',
    tag: 'artifact',
    access: 'tag:list',
    params: referenceParams,
    query: pagingQuery.extend({
      q: pagingQuery.shape.q.describe('Filters on name, push_time, pull_time and id.'),
      sort: pagingQuery.shape.sort.describe('name, push_time, pull_time or id; the default is -push_time.'),
      with_immutable_status: viewFlags.with_immutable_status,
    }),
    responses: { 200: { description: 'The tags.', body: z.array(Tag), headers: LIST_HEADERS }, ...errorResponses(400, 401, 403, 404) },
  }),
  createTag: operation({
    id: 'createTag',
    method: 'post',
    path: '/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/tags',
    summary: 'Tag an artifact; 409 when the repository has the tag already, on any artifact.',
    tag: 'artifact',
    access: 'tag:create (developers and up)',
    params: referenceParams,
    body: NewTag,
    responses: { ...created, ...errorResponses(400, 401, 403, 404, 409) },
  }),
  deleteTag: operation({
    id: 'deleteTag',
    method: 'delete',
    path: '/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/tags/{tag_name}',
    summary: 'Remove a tag from an artifact.',
    tag: 'artifact',
    access: 'tag:delete (maintainers and project admins)',
    params: referenceParams.extend({ tag_name: z.string().min(1) }),
    responses: { ...ok, ...errorResponses(400, 401, 403, 404) },
  }),
  addLabel: operation({
    id: 'addLabel',
    method: 'post',
    path: '/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/labels',
    summary: 'Put a label (global, or the project\'s) on an artifact; only the body\'s id counts.',
    tag: 'artifact',
    access: 'artifact-label:create (developers and up)',
    params: referenceParams,
    body: LabelReq,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404, 409) },
  }),
  removeLabel: operation({
    id: 'removeLabel',
    method: 'delete',
    path: '/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/labels/{label_id}',
    summary: 'Take a label off an artifact.',
    tag: 'artifact',
    access: 'artifact-label:delete (developers and up)',
    params: referenceParams.extend({ label_id: rowIdParam('The label id.') }),
    responses: { ...ok, ...errorResponses(400, 401, 403, 404) },
  }),
};
