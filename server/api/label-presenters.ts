/** Labels and CVE allowlists in Harbor's JSON. */
import type { z } from 'zod';
import type { Label as LabelRecord } from '../core/labels/label.repository.js';
import type { CveAllowlist as AllowlistRecord } from '../core/projects/allowlist.repository.js';
import type { Label } from './contracts/labels.js';
import type { CveAllowlist } from './contracts/projects.js';

export const labelJson = (l: LabelRecord): z.output<typeof Label> => ({
  id: l.id,
  name: l.name,
  description: l.description,
  color: l.color,
  scope: l.scope,
  // Harbor's project id of a global label.
  project_id: l.projectId ?? 0,
  creation_time: l.creationTime,
  update_time: l.updateTime,
});

export const allowlistJson = (a: AllowlistRecord): z.output<typeof CveAllowlist> => ({
  id: a.id,
  project_id: a.projectId,
  items: a.cveIds.map((cve_id) => ({ cve_id })),
  expires_at: a.expiresAt,
  creation_time: a.creationTime,
  update_time: a.updateTime,
});
