/** Projects: Harbor's Project, ProjectReq, ProjectSummary and their operations. */
import { z } from 'zod';
import {
  booleanParam,
  created,
  errorResponses,
  isResourceNameHeader,
  LIST_HEADERS,
  ok,
  pagingQuery,
  projectNameOrId,
} from './common.js';
import { operation } from './operation.js';

const trueOrFalse = z.enum(['true', 'false']);

/** Harbor's project metadata: every value is a string. Unknown keys are ignored, as Harbor does. */
export const ProjectMetadataInput = z
  .object({
    public: trueOrFalse.optional(),
    enable_content_trust: trueOrFalse.optional(),
    enable_content_trust_cosign: trueOrFalse.optional(),
    prevent_vul: trueOrFalse.optional(),
    severity: z.enum(['none', 'low', 'medium', 'high', 'critical']).optional(),
    auto_scan: trueOrFalse.optional(),
    auto_sbom_generation: trueOrFalse.optional(),
    reuse_sys_cve_allowlist: trueOrFalse.optional(),
  })
  .meta({ id: 'ProjectMetadataReq' });

export const ProjectMetadata = z
  .object({ public: trueOrFalse })
  .catchall(z.string())
  .meta({ id: 'ProjectMetadata', description: 'String-valued project settings; public is always there.' });

/** A CVE allowlist as Harbor's clients send it: the items and expiry count. */
export const CveAllowlistReq = z
  .object({
    id: z.int().optional().describe('Ignored.'),
    project_id: z.int().nullable().optional().describe('A project\'s: 0 or its id. The system\'s: ignored.'),
    items: z.array(z.object({ cve_id: z.string().optional() })).nullable().optional(),
    expires_at: z.int().nullable().optional().describe('Seconds since the epoch; none: never expires.'),
    creation_time: z.string().optional().describe('Ignored.'),
    update_time: z.string().optional().describe('Ignored.'),
  })
  .meta({ id: 'CVEAllowlistReq' });

const projectReqFields = {
  public: z.boolean().nullable().optional().describe('Deprecated: metadata.public wins.'),
  metadata: ProjectMetadataInput.optional(),
  storage_limit: z
    .int()
    .nullable()
    .optional()
    .describe(
      'System admins only (ignored from others): the storage quota in bytes, -1 for none, at most 1024 TB; 0 or none on create means storage_per_project. Pushes past it are refused. Also taken on update (Harbor ignores it there). Shown as the summary\'s quota.hard.',
    ),
  registry_id: z.int().nullable().optional().describe('Proxy cache projects are not supported yet.'),
  cve_allowlist: CveAllowlistReq
    .nullable()
    .optional()
    .describe('The project\'s CVE allowlist, replaced whole; kept for the scanner to honour.'),
};

export const CveAllowlist = z
  .object({
    id: z.int(),
    project_id: z.int().describe('0 for the system allowlist.'),
    items: z.array(z.object({ cve_id: z.string() })),
    expires_at: z.int().nullable().describe('Seconds since the epoch; null: never expires.'),
    creation_time: z.string(),
    update_time: z.string(),
  })
  .meta({ id: 'CVEAllowlist' });

export const ProjectCreateReq = z
  .object({ project_name: z.string().max(255).describe('1-255 of a-z 0-9 . _ -, starting and ending with a letter or digit.'), ...projectReqFields })
  .meta({ id: 'ProjectReq' });

export const ProjectUpdateReq = z
  .object({ project_name: z.string().optional().describe('Ignored: projects cannot be renamed.'), ...projectReqFields })
  .meta({ id: 'ProjectUpdateReq' });

export const Project = z
  .object({
    project_id: z.int(),
    owner_id: z.int(),
    owner_name: z.string(),
    name: z.string(),
    creation_time: z.string(),
    update_time: z.string(),
    deleted: z.boolean(),
    togglable: z.boolean().describe('Whether the caller may change the project (for the console).'),
    current_user_role_id: z.int().describe('The caller\'s role id (0 when not a member).'),
    current_user_role_ids: z.array(z.int()),
    repo_count: z.int(),
    metadata: ProjectMetadata,
    cve_allowlist: CveAllowlist,
  })
  .meta({ id: 'Project' });

export const ProjectSummary = z
  .object({
    repo_count: z.int(),
    project_admin_count: z.int().optional(),
    maintainer_count: z.int().optional(),
    developer_count: z.int().optional(),
    guest_count: z.int().optional(),
    limited_guest_count: z.int().optional(),
    quota: z
      .object({ hard: z.object({ storage: z.number() }), used: z.object({ storage: z.number() }) })
      .optional(),
  })
  .meta({ id: 'ProjectSummary', description: 'Member counts need member:list; quota needs quota:read.' });

export const ProjectDeletable = z.object({ deletable: z.boolean(), message: z.string().optional() }).meta({ id: 'ProjectDeletable' });

const projectParams = z.object({ project_name_or_id: projectNameOrId });

export const projectOperations = {
  listProjects: operation({
    id: 'listProjects',
    method: 'get',
    path: '/projects',
    summary: 'List the projects the caller can see.',
    tag: 'project',
    access: 'anyone: anonymous callers see public projects, users public ones and their own, admins all',
    query: pagingQuery.extend({
      name: z.string().optional().describe('Names containing this (case-insensitive).'),
      public: booleanParam('Only public (true) or private (false) projects.'),
      owner: z.string().optional().describe('The owner\'s username.'),
      with_detail: booleanParam('Accepted for compatibility; details are always included.'),
    }),
    responses: { 200: { description: 'The projects.', body: z.array(Project), headers: LIST_HEADERS }, ...errorResponses(400) },
  }),
  headProject: operation({
    id: 'headProject',
    method: 'head',
    path: '/projects',
    summary: 'Check whether a project name is taken.',
    tag: 'project',
    access: 'signed-in users',
    query: z.object({ project_name: z.string().min(1) }),
    responses: { ...ok, ...errorResponses(400, 401, 404) },
  }),
  createProject: operation({
    id: 'createProject',
    method: 'post',
    path: '/projects',
    summary: 'Create a project; the caller becomes its project admin.',
    tag: 'project',
    access: 'signed-in users (system admins only when project_creation_restriction is adminonly)',
    headers: z.object({
      'x-resource-name-in-location': booleanParam('true: Location ends with the name instead of the id.'),
    }),
    body: ProjectCreateReq,
    responses: { ...created, ...errorResponses(400, 401, 403, 409) },
  }),
  getProject: operation({
    id: 'getProject',
    method: 'get',
    path: '/projects/{project_name_or_id}',
    summary: 'Get a project by name or id.',
    tag: 'project',
    access: 'project:read',
    params: projectParams,
    headers: isResourceNameHeader,
    responses: { 200: { description: 'The project.', body: Project }, ...errorResponses(401, 403, 404) },
  }),
  updateProject: operation({
    id: 'updateProject',
    method: 'put',
    path: '/projects/{project_name_or_id}',
    summary: 'Change a project\'s metadata (public flag and settings).',
    tag: 'project',
    access: 'project:update',
    params: projectParams,
    headers: isResourceNameHeader,
    body: ProjectUpdateReq,
    responses: { ...ok, ...errorResponses(400, 401, 403, 404) },
  }),
  deleteProject: operation({
    id: 'deleteProject',
    method: 'delete',
    path: '/projects/{project_name_or_id}',
    summary: 'Delete a project none of whose repositories holds an artifact (empty ones go with it).',
    tag: 'project',
    access: 'project:delete',
    params: projectParams,
    headers: isResourceNameHeader,
    responses: { ...ok, ...errorResponses(401, 403, 404, 412) },
  }),
  getProjectDeletable: operation({
    id: 'getProjectDeletable',
    method: 'get',
    path: '/projects/{project_name_or_id}/_deletable',
    summary: 'Whether the project can be deleted, and why not.',
    tag: 'project',
    access: 'project:delete',
    params: projectParams,
    headers: isResourceNameHeader,
    responses: { 200: { description: 'The answer.', body: ProjectDeletable }, ...errorResponses(401, 403, 404) },
  }),
  getProjectSummary: operation({
    id: 'getProjectSummary',
    method: 'get',
    path: '/projects/{project_name_or_id}/summary',
    summary: 'Repository count, member counts by role and storage of a project.',
    tag: 'project',
    access: 'project:read',
    params: projectParams,
    headers: isResourceNameHeader,
    responses: { 200: { description: 'The summary.', body: ProjectSummary }, ...errorResponses(401, 403, 404) },
  }),
};
