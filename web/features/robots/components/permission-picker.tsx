/**
 * The permission picker: what the server offers robots (GET /permissions), one row per resource
 * with a checkbox per action. Values are "resource:action" strings.
 */
import type { ProjectResource } from '../../../../server/api/contracts/rules/access';
import type { RobotPermissionOffer } from '../../../lib/api-types';

type Offer = NonNullable<RobotPermissionOffer['project']>;

/** Labels by the server's resource names (a name it does not have fails to compile). */
const RESOURCE_LABELS: Partial<Record<ProjectResource, string>> = {
  repository: 'Repository',
  artifact: 'Artifact',
  tag: 'Tag',
  'artifact-label': 'Artifact label',
  'artifact-addition': 'Artifact addition',
  accessory: 'Accessory',
  label: 'Label',
  metadata: 'Project metadata',
  project: 'Project',
  log: 'Project log',
  quota: 'Quota',
  'immutable-tag': 'Immutable tag rule',
  'tag-retention': 'Tag retention',
  'notification-policy': 'Webhook policy',
};

const label = (resource: string) => RESOURCE_LABELS[resource as ProjectResource] ?? resource;

export function PermissionPicker({ legend, offer, value, onChange }: { legend: string; offer: Offer; value: Set<string>; onChange: (next: Set<string>) => void }) {
  // What pipelines need most comes first: the labels' order, then anything else as offered.
  const order = Object.keys(RESOURCE_LABELS);
  const rank = (resource: string) => (order.includes(resource) ? order.indexOf(resource) : order.length);
  const resources = [...new Set(offer.map((p) => p.resource))].sort((a, b) => rank(a) - rank(b));
  const toggle = (pair: string, on: boolean) => {
    const next = new Set(value);
    if (on) next.add(pair);
    else next.delete(pair);
    onChange(next);
  };
  return (
    <fieldset className="rounded border border-border p-2">
      <legend className="px-1 text-sm font-medium">{legend}</legend>
      <div className="grid max-h-56 gap-1 overflow-y-auto text-sm">
        {resources.map((resource) => (
          <div key={resource} className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-border py-1 last:border-b-0">
            <span className="w-36 shrink-0 font-medium">{label(resource)}</span>
            {offer
              .filter((p) => p.resource === resource)
              .map(({ action }) => {
                const pair = `${resource}:${action}`;
                return (
                  <label key={pair} className="flex items-center gap-1">
                    <input
                      type="checkbox"
                      className="h-4 w-4 accent-primary"
                      aria-label={`${label(resource)}: ${action}`}
                      checked={value.has(pair)}
                      onChange={(e) => toggle(pair, e.target.checked)}
                    />
                    {action}
                  </label>
                );
              })}
          </div>
        ))}
      </div>
    </fieldset>
  );
}
