import { describe, expect, it } from 'vitest';
import type { ReplicationPolicy } from '../../lib/replication-types';
import { EMPTY_RULE, ruleFormOf, ruleRequestOf, ruleSchema } from './rule-form';

const LOCAL = { id: 0, name: 'Local', url: 'http://127.0.0.1', type: 'harbor' };
const REMOTE = { id: 7, name: 'dr-site', url: 'https://dr.example.com', type: 'harbor' };

describe('the rule form and Harbor\'s ReplicationPolicy', () => {
  it('sends a push rule with its destination by id, its filters, trigger, flattening and speed', () => {
    const body = ruleRequestOf({
      ...EMPTY_RULE,
      name: ' nightly ',
      registry_id: '7',
      name_filter: 'library/**',
      tag_filter: 'v*',
      tag_decoration: 'excludes',
      resource: 'image',
      dest_namespace: 'mirror',
      flattening: '0',
      trigger: 'scheduled',
      cron: '0 0 2 * * *',
      speed: '512',
    });
    expect(body).toMatchObject({
      name: 'nightly',
      src_registry: null,
      dest_registry: { id: 7 },
      dest_namespace: 'mirror',
      dest_namespace_replace_count: 0,
      filters: [
        { type: 'name', value: 'library/**' },
        { type: 'tag', value: 'v*', decoration: 'excludes' },
        { type: 'resource', value: 'image' },
      ],
      trigger: { type: 'scheduled', trigger_settings: { cron: '0 0 2 * * *' } },
      replicate_deletion: false,
      override: true,
      speed: 512,
      enabled: true,
    });
  });

  it('sends a pull rule with its source, no filters when none are typed, and no speed limit as -1', () => {
    const body = ruleRequestOf({ ...EMPTY_RULE, name: 'in', mode: 'pull', registry_id: '7' });
    expect(body).toMatchObject({ src_registry: { id: 7 }, dest_registry: null, filters: [], speed: -1, trigger: { type: 'manual' } });
  });

  it('reads a saved rule back into the same form values (this Berth is registry 0)', () => {
    const policy: ReplicationPolicy = {
      id: 3,
      name: 'edge',
      description: 'to the edge',
      src_registry: LOCAL,
      dest_registry: REMOTE,
      dest_namespace: 'edge',
      dest_namespace_replace_count: 2,
      filters: [
        { type: 'name', value: 'apps/*' },
        { type: 'tag', value: 'rc-*', decoration: 'excludes' },
      ],
      trigger: { type: 'event_based', trigger_settings: { cron: '' } },
      replicate_deletion: true,
      override: false,
      enabled: false,
      speed: 0,
    };
    const form = ruleFormOf(policy);
    expect(form).toMatchObject({
      mode: 'push',
      registry_id: '7',
      name_filter: 'apps/*',
      tag_filter: 'rc-*',
      tag_decoration: 'excludes',
      flattening: '2',
      trigger: 'event_based',
      replicate_deletion: true,
      override: false,
      enabled: false,
      speed: '',
    });
    expect(ruleRequestOf(form)).toMatchObject({ dest_registry: { id: 7 }, filters: policy.filters, dest_namespace_replace_count: 2, replicate_deletion: true });
  });

  it('asks for six cron fields, and refuses event-based pull rules', () => {
    const scheduled = ruleSchema.safeParse({ ...EMPTY_RULE, name: 'x', registry_id: '7', trigger: 'scheduled', cron: '0 * * * *' });
    expect(scheduled.success).toBe(false);
    expect(scheduled.error?.issues[0]?.path).toEqual(['cron']);
    const pull = ruleSchema.safeParse({ ...EMPTY_RULE, name: 'x', registry_id: '7', mode: 'pull', trigger: 'event_based' });
    expect(pull.error?.issues[0]?.path).toEqual(['trigger']);
    expect(ruleSchema.safeParse({ ...EMPTY_RULE, name: 'x', registry_id: '7', trigger: 'scheduled', cron: '0 0 * * * *' }).success).toBe(true);
  });

  it('sends label names as Harbor\'s label filter and reads them back', () => {
    const body = ruleRequestOf({ ...EMPTY_RULE, name: 'released', registry_id: '7', label_filter: ' release, approved,,release ', label_decoration: 'excludes' });
    expect(body.filters).toEqual([{ type: 'label', value: ['release', 'approved'], decoration: 'excludes' }]);
    const policy: ReplicationPolicy = { id: 1, name: 'released', dest_registry: REMOTE, src_registry: LOCAL, filters: body.filters, trigger: { type: 'manual' } };
    expect(ruleFormOf(policy)).toMatchObject({ label_filter: 'release, approved', label_decoration: 'excludes' });
    expect(ruleRequestOf({ ...EMPTY_RULE, registry_id: '7', label_filter: ' , ' }).filters).toEqual([]);
  });
});

