/** Data access for immutable tag rules (Harbor's immutable_tag_rule). */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ImmutableRuleRow } from '../../db/schema-retention.js';
import type { ScopeSelectors, Selector } from '../retention/selectors.js';

type Db = Kysely<Database>;

export interface ImmutableRule {
  id: number;
  projectId: number;
  disabled: boolean;
  tagSelectors: Selector[];
  scopeSelectors: ScopeSelectors;
}

const toRule = (row: ImmutableRuleRow): ImmutableRule => ({
  id: row.id,
  projectId: row.project_id,
  disabled: row.disabled === 1,
  tagSelectors: JSON.parse(row.tag_selectors) as Selector[],
  scopeSelectors: JSON.parse(row.scope_selectors) as ScopeSelectors,
});

export async function listImmutableRules(db: Db, projectId: number): Promise<ImmutableRule[]> {
  const rows = await db.selectFrom('immutable_rules').selectAll().where('project_id', '=', projectId).orderBy('id').execute();
  return rows.map(toRule);
}

export async function findImmutableRule(db: Db, projectId: number, id: number): Promise<ImmutableRule | undefined> {
  const row = await db.selectFrom('immutable_rules').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
  return row && toRule(row);
}

export async function insertImmutableRule(db: Db, rule: Omit<ImmutableRule, 'id'>, at: string): Promise<number> {
  const row = await db
    .insertInto('immutable_rules')
    .values({
      project_id: rule.projectId,
      disabled: rule.disabled ? 1 : 0,
      tag_selectors: JSON.stringify(rule.tagSelectors),
      scope_selectors: JSON.stringify(rule.scopeSelectors),
      creation_time: at,
      update_time: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateImmutableRule(db: Db, rule: ImmutableRule, at: string): Promise<void> {
  await db
    .updateTable('immutable_rules')
    .set({ disabled: rule.disabled ? 1 : 0, tag_selectors: JSON.stringify(rule.tagSelectors), scope_selectors: JSON.stringify(rule.scopeSelectors), update_time: at })
    .where('id', '=', rule.id)
    .execute();
}

export async function deleteImmutableRule(db: Db, id: number): Promise<void> {
  await db.deleteFrom('immutable_rules').where('id', '=', id).execute();
}
