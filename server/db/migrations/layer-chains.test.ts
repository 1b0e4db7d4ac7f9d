/** 0021: the chains of artifacts pushed before it are filled from their stored manifests, on both dialects. */
import { describe, expect, test } from 'vitest';
import { layerChains } from '../../core/layers/layer-chains.js';
import { createTestDatabase, DIALECTS } from '../../testing/dialects.js';
import { migrateUp } from '../migrate.js';
import * as layerChainsMigration from './2026_12_02_0021_layer_chains.js';

const digest = (n: number) => `sha256:${String(n).padStart(64, '0')}`;
const manifest = (body: object) => Buffer.from(JSON.stringify(body));

describe.each(DIALECTS)('layer chains migration on %s', (dialect) => {
  test('images get one row per layer prefix, indexes and unreadable manifests none; down drops the table', async () => {
    const testDb = await createTestDatabase(dialect);
    const handle = testDb.open();
    const db = handle.db;
    try {
      await migrateUp(db);
      await layerChainsMigration.down(db);
      const at = new Date().toISOString();
      const owner = await db
        .insertInto('users')
        .values({ username: 'owner', email: null, password_hash: null, ldap_dn: null, password_changed_at: null, creation_time: at, update_time: at })
        .returning('user_id')
        .executeTakeFirstOrThrow();
      const project = await db
        .insertInto('projects')
        .values({ name: 'old', owner_id: owner.user_id, creation_time: at, update_time: at })
        .returning('project_id')
        .executeTakeFirstOrThrow();
      const repository = await db
        .insertInto('repositories')
        .values({ project_id: project.project_id, name: 'old/app', creation_time: at, update_time: at })
        .returning('repository_id')
        .executeTakeFirstOrThrow();
      const insert = async (n: number, bytes: Buffer, config: string | null) =>
        (
          await db
            .insertInto('artifacts')
            .values({
              project_id: project.project_id,
              repository_id: repository.repository_id,
              digest: digest(n),
              type: 'IMAGE',
              manifest_media_type: 'application/vnd.oci.image.manifest.v1+json',
              media_type: 'application/vnd.oci.image.config.v1+json',
              manifest: bytes,
              manifest_size: bytes.length,
              size: 1,
              config_digest: config,
              push_time: at,
            })
            .returning('artifact_id')
            .executeTakeFirstOrThrow()
        ).artifact_id;
      const layers = [digest(101), digest(102), digest(103)];
      const three = await insert(1, manifest({ schemaVersion: 2, config: { digest: digest(100) }, layers: layers.map((d) => ({ digest: d })) }), digest(100));
      const one = await insert(2, manifest({ schemaVersion: 2, config: { digest: digest(100) }, layers: [{ digest: layers[0] }] }), digest(100));
      await insert(3, manifest({ schemaVersion: 2, manifests: [{ digest: digest(1) }] }), null);
      await insert(4, Buffer.from('not json'), digest(100));

      await layerChainsMigration.up(db);
      const rows = await db.selectFrom('artifact_layer_chains').selectAll().orderBy('artifact_id').orderBy('depth').execute();
      const chains = layerChains(layers);
      expect(rows.map((r) => [r.artifact_id, Number(r.depth), r.chain, Number(r.layers)])).toEqual([
        [three, 1, chains[0], 3],
        [three, 2, chains[1], 3],
        [three, 3, chains[2], 3],
        [one, 1, chains[0], 1],
      ]);
      // Rows go with their artifact.
      await db.deleteFrom('artifacts').where('artifact_id', '=', three).execute();
      expect(await db.selectFrom('artifact_layer_chains').select('artifact_id').execute()).toEqual([{ artifact_id: one }]);
      await layerChainsMigration.down(db);
      expect((await db.introspection.getTables()).map((t) => t.name)).not.toContain('artifact_layer_chains');
    } finally {
      await handle.close();
      await testDb.drop();
    }
  });
});
