/** Reading Harbor's path conventions: {project_name_or_id} and the Location of what was created. */
import type { Request } from 'express';
import type { ProjectRef } from '../core/projects/project-access.js';
import { rowIdOf } from '../lib/row-id.js';

/**
 * An id when it looks like one, unless X-Is-Resource-Name: true says it is a name (Harbor).
 * Digits past any row id are read as a name, which no project has: 404, as for any unknown id.
 */
export function projectRef(value: string, isName?: boolean): ProjectRef {
  const id = isName ? undefined : rowIdOf(value);
  return id !== undefined ? { id } : { name: value };
}

/** The project, repository (within it) and reference a /projects/{p}/repositories/{r}/... path names. */
export const pathNames = (params: { project_name: string; repository_name: string; reference?: string }) => ({
  project: params.project_name,
  repository: params.repository_name,
  reference: params.reference ?? '',
});

/** /api/v2.0/<the request's path>/<id>: Harbor's Location for a 201. */
export const locationOf = (req: Request, id: string | number) =>
  `${req.baseUrl}${req.path.replace(/\/$/, '')}/${encodeURIComponent(String(id))}`;
