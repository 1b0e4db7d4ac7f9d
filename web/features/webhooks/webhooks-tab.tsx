/** A project's Webhooks tab: its webhooks, adding and editing them (with Test), and a chosen one's deliveries. */
import { History, Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../components/ui/button';
import { ConfirmMutation } from '../../components/ui/confirm-mutation';
import { Badge, EmptyState, formatTime } from '../../components/ui/misc';
import { QueryProblem, isForbidden } from '../../components/ui/query-problem';
import { RowMenu } from '../../components/ui/row-menu';
import { SimpleTable } from '../../components/ui/simple-table';
import { toApiError } from '../../lib/api-client';
import type { Project } from '../../lib/api-types';
import { useProjectPermissions } from '../../lib/permissions';
import { useDeleteWebhook, useWebhookPolicies, type WebhookPolicy } from './api/webhooks';
import { DeliveryHistory } from './components/delivery-history';
import { EVENT_LABELS, WebhookDialog } from './components/webhook-dialog';

export default function WebhooksTab({ project }: { project: Project }) {
  const projectId = project.project_id;
  const policies = useWebhookPolicies(projectId);
  const remove = useDeleteWebhook(projectId);
  const { can } = useProjectPermissions(projectId);
  const manage = can('notification-policy', 'create');
  const [editing, setEditing] = useState<WebhookPolicy | 'new' | null>(null);
  const [deleting, setDeleting] = useState<WebhookPolicy | null>(null);
  const [showing, setShowing] = useState<WebhookPolicy | null>(null);

  if (isForbidden(policies.error)) return <QueryProblem error={policies.error} what="the webhooks of this project" />;

  const addButton = manage && (
    <Button variant="primary" onClick={() => setEditing('new')}>
      <Plus size={14} aria-hidden /> New webhook
    </Button>
  );

  return (
    <>
      <div className="mb-3 flex items-center justify-between gap-2">
        <p className="text-sm text-muted">Berth calls these endpoints when the chosen events happen in {project.name}.</p>
        {addButton}
      </div>
      <SimpleTable
        label="Webhooks"
        rows={policies.data}
        rowKey={(p) => String(p.id)}
        error={policies.error ? toApiError(policies.error).message : undefined}
        empty={<EmptyState title="No webhooks yet.">{manage ? 'Add one to tell a CI pipeline or a chat channel about pushes, pulls and more.' : 'A project admin can add one.'}</EmptyState>}
        columns={[
          { header: 'Name', cell: (p) => <span className="font-medium break-all">{p.name}</span> },
          { header: 'Enabled', cell: (p) => (p.enabled ? <Badge tone="success">Enabled</Badge> : <Badge>Disabled</Badge>) },
          { header: 'Endpoint URL', cell: (p) => <span className="break-all">{p.targets?.[0]?.address}</span> },
          { header: 'Events', cell: (p) => (p.event_types ?? []).map((t) => EVENT_LABELS[t] ?? t).join(', ') },
          { header: 'Created', className: 'whitespace-nowrap', cell: (p) => formatTime(p.creation_time) },
          {
            header: <span className="sr-only">Actions</span>,
            className: 'w-10 text-right',
            cell: (p) => (
              <RowMenu
                label={`Actions for ${p.name}`}
                actions={[
                  { label: 'Deliveries', icon: <History size={14} aria-hidden />, onSelect: () => setShowing(p) },
                  ...(manage
                    ? [
                        { label: 'Edit', icon: <Pencil size={14} aria-hidden />, onSelect: () => setEditing(p) },
                        { label: 'Delete', icon: <Trash2 size={14} aria-hidden />, onSelect: () => setDeleting(p), danger: true },
                      ]
                    : []),
                ]}
              />
            ),
          },
        ]}
      />
      {showing && <DeliveryHistory projectId={projectId} policyId={showing.id!} name={showing.name ?? ''} />}
      <WebhookDialog open={editing !== null} projectId={projectId} policy={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      <ConfirmMutation
        target={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        title="Delete webhook"
        message={(p) => (
          <>
            Delete the webhook <strong className="break-all">{p.name}</strong>? Its delivery history goes with it.
          </>
        )}
        confirmLabel={(p) => `Delete ${p.name}`}
        done={(p) => `Webhook ${p.name} deleted.`}
      />
    </>
  );
}
