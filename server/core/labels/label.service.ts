/**
 * Labels as Harbor has them (src/server/v2.0/handler/label.go): global labels (scope g) that
 * system admins manage and every project may use, and a project's own (scope p) that need the
 * label permissions of the one permission table there. Putting a label on an artifact needs
 * artifact-label:create in its project, and the label must be global or that project's.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { invalid, notFound } from '../../lib/errors.js';
import { isoNow } from '../../lib/time.js';
import type { Page, Paging } from '../lists/list-query.js';
import { buildListQuery } from '../lists/list-query.js';
import { artifactFor } from '../artifacts/artifact-access.js';
import { projectFor } from '../projects/project-access.js';
import type { Action } from '../rbac/permissions.js';
import { requireSystemPermission, requireUser, type Actor } from '../security/actor.js';
import {
  attachLabel,
  deleteLabelRow,
  detachLabel,
  findLabel,
  insertLabel,
  LABEL_LIST,
  listLabelRows,
  updateLabelRow,
  type Label,
  type LabelFields,
  type LabelScope,
} from './label.repository.js';

type Db = Kysely<Database>;

/** Harbor's limit on a name; the console's colours are #rgb or #rrggbb (anything else could not be shown). */
const MAX_NAME = 128;
const COLOR = /^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6})?$/;

export interface LabelInput {
  name?: string | null;
  description?: string | null;
  color?: string | null;
}

function checkedFields(input: LabelInput): LabelFields {
  const name = (input.name ?? '').trim();
  if (name === '') throw invalid('The label name is required.', 'name');
  if (name.length > MAX_NAME) throw invalid(`The label name must be at most ${MAX_NAME} characters long.`, 'name');
  const color = input.color ?? '';
  if (!COLOR.test(color)) throw invalid('The colour must be written #rgb or #rrggbb, such as #2f6fdf.', 'color');
  return { name, description: input.description ?? '', color };
}

function scopeOf(scope: string | null | undefined): LabelScope {
  if (scope === 'g' || scope === 'p') return scope;
  throw invalid('scope must be g (a global label) or p (a project\'s label).', 'scope');
}

/** Throws unless the caller may act on the label: system admins for global labels, the project's roles for its own. */
async function requireLabelAccess(db: Db, actor: Actor, label: Pick<Label, 'scope' | 'projectId'>, action: Action): Promise<void> {
  if (label.scope === 'g' || label.projectId === null) {
    // Reading global labels is open to every signed-in caller: any project may put them on its artifacts.
    if (action === 'read' || action === 'list') requireUser(actor);
    else requireSystemPermission(actor, 'label', action);
    return;
  }
  await projectFor(db, actor, { id: label.projectId }, 'label', action);
}

async function existingLabel(db: Db, id: number): Promise<Label> {
  const label = await findLabel(db, id);
  if (!label) throw notFound(`label ${id} not found`);
  return label;
}

export interface LabelListRequest {
  paging: Paging;
  scope?: string;
  projectId?: number;
  /** Names containing this. */
  name?: string;
}

export async function listLabelsAs(db: Db, actor: Actor, req: LabelListRequest): Promise<Page<Label>> {
  const scope = scopeOf(req.scope);
  if (scope === 'p' && !req.projectId) throw invalid('project_id is required to list a project\'s labels (scope=p).', 'project_id');
  const projectId = scope === 'p' ? req.projectId! : null;
  await requireLabelAccess(db, actor, { scope, projectId }, 'list');
  const extra = req.name ? [{ key: 'name', kind: 'fuzzy' as const, value: req.name }] : [];
  return listLabelRows(db, projectId, buildListQuery(LABEL_LIST, req.paging, extra));
}

export async function getLabelAs(db: Db, actor: Actor, id: number): Promise<Label> {
  const label = await existingLabel(db, id);
  await requireLabelAccess(db, actor, label, 'read');
  return label;
}

export async function createLabelAs(db: Db, actor: Actor, input: LabelInput & { scope?: string | null; projectId?: number | null }): Promise<number> {
  const scope = scopeOf(input.scope);
  const projectId = scope === 'p' ? (input.projectId ?? 0) : null;
  if (projectId !== null && projectId <= 0) throw invalid('project_id is required for a project\'s label (scope p).', 'project_id');
  const fields = checkedFields(input);
  await requireLabelAccess(db, actor, { scope, projectId }, 'create');
  return insertLabel(db, { ...fields, scope, projectId }, isoNow());
}

/** PUT /labels/{id}: name, description and colour; scope and project stay. */
export async function updateLabelAs(db: Db, actor: Actor, id: number, input: LabelInput): Promise<void> {
  const label = await existingLabel(db, id);
  await requireLabelAccess(db, actor, label, 'update');
  await updateLabelRow(db, label, checkedFields(input), isoNow());
}

/** DELETE /labels/{id}: the label goes from every artifact with it. */
export async function deleteLabelAs(db: Db, actor: Actor, id: number): Promise<void> {
  const label = await existingLabel(db, id);
  await requireLabelAccess(db, actor, label, 'delete');
  await deleteLabelRow(db, id);
}

type ArtifactNames = { project: string; repository: string; reference: string };

/** POST …/artifacts/{ref}/labels: Harbor's RequireLabelInProject, then the label goes on (409 when on already). */
export async function addArtifactLabelAs(db: Db, actor: Actor, names: ArtifactNames, labelId: number | undefined): Promise<void> {
  const { project, artifact } = await artifactFor(db, actor, names, 'artifact-label', 'create');
  if (!labelId) throw invalid('The label id is required.', 'id');
  const label = await existingLabel(db, labelId);
  if (label.projectId !== null && label.projectId !== project.id) {
    throw invalid(`Label ${label.name} belongs to another project; use a global label or one of project ${project.name}.`, 'id');
  }
  await attachLabel(db, artifact.id, label.id, isoNow());
}

/** DELETE …/artifacts/{ref}/labels/{label_id}: NOT_FOUND when the artifact does not carry it. */
export async function removeArtifactLabelAs(db: Db, actor: Actor, names: ArtifactNames, labelId: number): Promise<void> {
  const { artifact } = await artifactFor(db, actor, names, 'artifact-label', 'delete');
  if (!(await detachLabel(db, artifact.id, labelId))) throw notFound(`The artifact has no label ${labelId}.`);
}
