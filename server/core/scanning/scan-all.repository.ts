/** The artifacts scan all walks: image manifests of every repository, by id, a page at a time. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { IMAGE_MANIFEST_TYPES } from './adapter-client.js';

const IMAGE_CONFIG_TYPES = ['application/vnd.oci.image.config.v1+json', 'application/vnd.docker.container.image.v1+json'];

export interface ScannableArtifact {
  artifactId: number;
  projectId: number;
  repository: string;
  digest: string;
  manifestMediaType: string;
}

export async function scannableArtifacts(db: Kysely<Database>, afterId: number, limit: number): Promise<ScannableArtifact[]> {
  const rows = await db
    .selectFrom('artifacts as a')
    .innerJoin('repositories as r', 'r.repository_id', 'a.repository_id')
    .select(['a.artifact_id', 'a.project_id', 'r.name', 'a.digest', 'a.manifest_media_type'])
    .where('a.artifact_id', '>', afterId)
    .where('a.manifest_media_type', 'in', IMAGE_MANIFEST_TYPES)
    .where('a.media_type', 'in', IMAGE_CONFIG_TYPES)
    .orderBy('a.artifact_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ artifactId: r.artifact_id, projectId: r.project_id, repository: r.name, digest: r.digest, manifestMediaType: r.manifest_media_type }));
}
