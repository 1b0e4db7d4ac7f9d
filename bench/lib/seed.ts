/**
 * The large data set for the API list benchmark (issue 4's target): 1,000 projects, 20,000
 * repositories, 200,000 artifacts each with a tag, one repository holding 5,000 tags, and
 * 200,000 audit rows. Written straight into a stopped Berth's SQLite database in a few large
 * transactions (building it through the registry would take far longer than the benchmark).
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

export interface SeedSize {
  projects: number;
  repositoriesPerProject: number;
  artifactsPerRepository: number;
  bigRepositoryTags: number;
  auditRows: number;
}

export const FULL_SEED: SeedSize = { projects: 1000, repositoriesPerProject: 20, artifactsPerRepository: 10, bigRepositoryTags: 5000, auditRows: 200_000 };
export const QUICK_SEED: SeedSize = { projects: 100, repositoriesPerProject: 5, artifactsPerRepository: 4, bigRepositoryTags: 5000, auditRows: 10_000 };

export const BIG_PROJECT = 'seed-big';
export const BIG_REPOSITORY = `${BIG_PROJECT}/app`;

const digestOf = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const at = (i: number) => new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString();

export function seed(databaseFile: string, size: SeedSize): { rows: number } {
  const db = new Database(databaseFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  let rows = 0;
  const manifest = Buffer.from('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}');
  const insertProject = db.prepare(
    "insert into projects (name, owner_id, public, metadata, creation_time, update_time) values (?, 1, ?, '{}', ?, ?)",
  );
  const insertMember = db.prepare(
    "insert into project_members (project_id, entity_id, entity_type, role, creation_time, update_time) values (?, 1, 'u', 1, ?, ?)",
  );
  const insertRepository = db.prepare('insert into repositories (project_id, name, creation_time, update_time) values (?, ?, ?, ?)');
  const insertArtifact = db.prepare(
    `insert into artifacts (project_id, repository_id, digest, type, manifest_media_type, media_type, manifest, manifest_size, size, push_time)
     values (?, ?, ?, 'IMAGE', 'application/vnd.oci.image.manifest.v1+json', 'application/vnd.oci.image.config.v1+json', ?, ?, ?, ?)`,
  );
  const insertTag = db.prepare('insert into tags (repository_id, artifact_id, name, push_time) values (?, ?, ?, ?)');
  const insertAudit = db.prepare(
    `insert into audit_logs (project_id, operation, operation_description, operation_result, resource_type, resource, username, op_time)
     values (?, ?, ?, 1, 'artifact', ?, ?, ?)`,
  );

  let clock = 0;
  const artifactsOf = (projectId: number, repositoryId: number, count: number, key: string) => {
    for (let k = 0; k < count; k++) {
      const time = at(clock++);
      const id = Number(insertArtifact.run(projectId, repositoryId, digestOf(`${key}/${k}`), manifest, manifest.length, 1024 * (k + 1), time).lastInsertRowid);
      insertTag.run(repositoryId, id, `v${k}`, time);
      rows += 2;
    }
  };

  db.transaction(() => {
    for (let p = 0; p < size.projects; p++) {
      const time = at(clock++);
      const projectId = Number(insertProject.run(`seed-${String(p).padStart(4, '0')}`, p % 5 === 0 ? 1 : 0, time, time).lastInsertRowid);
      insertMember.run(projectId, time, time);
      for (let r = 0; r < size.repositoriesPerProject; r++) {
        const name = `seed-${String(p).padStart(4, '0')}/repo-${r}`;
        const repositoryId = Number(insertRepository.run(projectId, name, time, time).lastInsertRowid);
        artifactsOf(projectId, repositoryId, size.artifactsPerRepository, name);
      }
      rows += 2 + size.repositoriesPerProject;
    }
    const time = at(clock++);
    const bigProject = Number(insertProject.run(BIG_PROJECT, 0, time, time).lastInsertRowid);
    insertMember.run(bigProject, time, time);
    const bigRepository = Number(insertRepository.run(bigProject, BIG_REPOSITORY, time, time).lastInsertRowid);
    artifactsOf(bigProject, bigRepository, size.bigRepositoryTags, BIG_REPOSITORY);
    const operations = ['create', 'pull', 'delete'];
    for (let a = 0; a < size.auditRows; a++) {
      const op = operations[a % 3]!;
      insertAudit.run(1 + (a % size.projects), op, `${op} artifact`, `seed-${a % size.projects}/repo@sha256:${a}`, `user${a % 50}`, at(a));
      rows++;
    }
  })();
  db.pragma('optimize');
  db.close();
  return { rows };
}
