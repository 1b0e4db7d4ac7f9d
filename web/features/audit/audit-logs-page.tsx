/** Administration > Audit logs: everything that happened, for system admins. */
import { PageHeader } from '../../components/ui/misc';
import { AuditLogView } from './components/audit-log-view';

export default function AuditLogsPage() {
  return (
    <>
      <PageHeader crumbs={[{ label: 'Administration' }]} title="Audit logs" />
      <AuditLogView scope={{ kind: 'all' }} label="Audit log" />
    </>
  );
}
