/** Rules for projects: Harbor's name grammar, and creation with its owner as project admin. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { invalid } from '../../lib/errors.js';
import { isoNow } from '../../lib/time.js';
import { insertMember } from '../members/member.repository.js';
import { ROLE } from '../members/roles.js';
import { insertProject, type Project } from './project.repository.js';

type Db = Kysely<Database>;

/** Harbor's rule (src/pkg/project/manager.go), with Docker's limit on a path component. */
export const PROJECT_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export function projectNameProblem(name: string): string | null {
  if (name.length < 1 || name.length > 255) return 'The project name must be 1 to 255 characters long.';
  if (!PROJECT_NAME.test(name)) {
    return 'The project name may contain only lower case letters, digits and . _ - between them, and must start and end with a letter or digit.';
  }
  return null;
}

export interface NewProject {
  name: string;
  ownerId: number;
  public?: boolean;
  metadata?: Record<string, string>;
}

/** Creates the project and makes its owner a project admin, in one transaction. */
export async function createProject(db: Db, input: NewProject): Promise<Project> {
  const problem = projectNameProblem(input.name);
  if (problem) throw invalid(problem, 'project_name');
  return inTransaction(db, async (trx) => {
    const now = isoNow();
    const project = await insertProject(trx, {
      name: input.name,
      owner_id: input.ownerId,
      public: input.public ? 1 : 0,
      metadata: JSON.stringify(input.metadata ?? {}),
      creation_time: now,
      update_time: now,
    });
    await insertMember(trx, { projectId: project.id, userId: input.ownerId, role: ROLE.projectAdmin });
    return project;
  });
}
