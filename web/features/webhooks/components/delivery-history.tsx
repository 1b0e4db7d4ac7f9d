/** A webhook's deliveries, newest first: event, receiver, outcome, and every attempt with the receiver's status code and time. */
import { Badge, formatTime } from '../../../components/ui/misc';
import { SimpleTable } from '../../../components/ui/simple-table';
import { toApiError } from '../../../lib/api-client';
import { useDeliveryHistory, type DeliveryAttempt, type WebhookExecution } from '../api/webhooks';
import { EVENT_LABELS } from './webhook-dialog';

function StatusBadge({ status }: { status: string }) {
  if (status === 'Success') return <Badge tone="success">Delivered</Badge>;
  if (status === 'Error') return <Badge tone="danger">Failed</Badge>;
  if (status === 'Stopped') return <Badge>Stopped</Badge>;
  return <Badge tone="primary">Sending</Badge>;
}

const attemptText = (a: DeliveryAttempt) => `${a.status_code === 0 ? 'no answer' : a.status_code} at ${new Date(a.time).toLocaleTimeString()}${a.error ? ` (${a.error})` : ''}`;

export function DeliveryHistory({ projectId, policyId, name }: { projectId: number; policyId: number; name: string }) {
  const history = useDeliveryHistory(projectId, policyId);
  const event = (e: WebhookExecution) => (typeof e.extra_attrs.event_type === 'string' ? e.extra_attrs.event_type : '');
  const address = (e: WebhookExecution) => (typeof e.extra_attrs.address === 'string' ? e.extra_attrs.address : '');
  return (
    <section aria-label={`Deliveries of ${name}`} className="mt-6">
      <h2 className="mb-2 text-base font-semibold">Deliveries of {name}</h2>
      <SimpleTable
        label={`Deliveries of ${name}`}
        rows={history.data}
        rowKey={(d) => String(d.execution.id)}
        error={history.error ? toApiError(history.error).message : undefined}
        empty="Nothing sent yet. Deliveries appear here when a chosen event happens in this project."
        columns={[
          { header: 'Event', cell: (d) => EVENT_LABELS[event(d.execution)] ?? event(d.execution) },
          { header: 'Status', cell: (d) => <StatusBadge status={d.execution.status} /> },
          { header: 'Endpoint URL', cell: (d) => <span className="break-all">{address(d.execution)}</span> },
          {
            header: 'Attempts',
            cell: (d) => (
              <ol className="list-inside list-decimal">
                {d.attempts.map((a) => (
                  <li key={a.attempt}>{attemptText(a)}</li>
                ))}
              </ol>
            ),
          },
          { header: 'Started', className: 'whitespace-nowrap', cell: (d) => formatTime(d.execution.start_time) },
        ]}
      />
    </section>
  );
}
