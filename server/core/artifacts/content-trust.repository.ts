/** What the cosign pull policy asks of the database: whether an artifact is signed, or is a signature. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

export const COSIGN_SIGNATURE_TYPE = 'application/vnd.dev.cosign.artifact.sig.v1+json';
export const NOTATION_SIGNATURE_TYPE = 'application/vnd.cncf.notary.signature';

/** cosign's tag for the signature of `digest`: sha256-<hex>.sig. */
export const cosignTagOf = (digest: string) => `${digest.replace(':', '-')}.sig`;

export type SignatureKind = 'cosign' | 'notation';

/**
 * Whether the repository holds a signature of the artifact: a referrer whose artifactType is the
 * signer's, or for cosign also a manifest tagged sha256-<hex>.sig (cosign's tag scheme). A child
 * of a signed index counts as signed: the index's signature covers the digests it lists.
 */
export async function isSigned(db: Db, kind: SignatureKind, repositoryId: number, artifactId: number, digest: string): Promise<boolean> {
  const type = kind === 'cosign' ? COSIGN_SIGNATURE_TYPE : NOTATION_SIGNATURE_TYPE;
  const byTag = (d: unknown) =>
    kind === 'cosign' ? sql`or exists (select 1 from tags t where t.repository_id = ${repositoryId} and t.name = replace(${d}, 'sha256:', 'sha256-') || '.sig')` : sql``;
  const signedDigest = (d: unknown) => sql<boolean>`(
    exists (select 1 from artifacts s where s.repository_id = ${repositoryId} and s.subject_digest = ${d} and s.artifact_type = ${type})
    ${byTag(d)}
  )`;
  const row = await db
    .selectNoFrom([
      signedDigest(digest).as('self'),
      sql<boolean>`exists (
        select 1 from artifact_references r join artifacts p on p.artifact_id = r.parent_id
        where r.child_id = ${artifactId} and p.repository_id = ${repositoryId} and ${signedDigest(sql.ref('p.digest'))}
      )`.as('parent'),
    ])
    .executeTakeFirstOrThrow();
  return Boolean(Number(row.self)) || Boolean(Number(row.parent));
}

/** Whether the artifact is itself a signature (cosign's or notation's): pulling one is never refused, as in Harbor. */
export async function isSignature(db: Db, artifactId: number): Promise<boolean> {
  const row = await db
    .selectFrom('artifacts')
    .select('artifact_id')
    .where('artifact_id', '=', artifactId)
    .where('subject_digest', 'is not', null)
    .where('artifact_type', 'in', [COSIGN_SIGNATURE_TYPE, NOTATION_SIGNATURE_TYPE])
    .executeTakeFirst();
  return row !== undefined;
}
