/** Table types of tag retention and immutable tag rules (migration 2026_12_02_0016_retention). */
import type { Generated, Selectable } from 'kysely';

export interface RetentionPoliciesTable {
  id: Generated<number>;
  project_id: number;
  algorithm: Generated<string>;
  /** JSON array of Harbor's RetentionRule. */
  rules: Generated<string>;
  /** JSON of Harbor's RetentionRuleTrigger. */
  trigger: Generated<string>;
  creation_time: string;
  update_time: string;
}

export interface ImmutableRulesTable {
  id: Generated<number>;
  project_id: number;
  disabled: Generated<number>;
  /** JSON array of {kind, decoration, pattern, extras}. */
  tag_selectors: Generated<string>;
  /** JSON object {repository: [{kind, decoration, pattern}]}. */
  scope_selectors: Generated<string>;
  creation_time: string;
  update_time: string;
}

export interface RetentionTables {
  retention_policies: RetentionPoliciesTable;
  immutable_rules: ImmutableRulesTable;
}

export type RetentionPolicyRow = Selectable<RetentionPoliciesTable>;
export type ImmutableRuleRow = Selectable<ImmutableRulesTable>;
