/** Administration > System info: version, addresses, authentication, storage and health, read-only. */
import { useSystemStorage } from '../../components/storage-footprint';
import { Badge, PageHeader, formatBytes, formatTime } from '../../components/ui/misc';
import { DefinitionList, Panel, Stat } from '../../components/ui/panel';
import { toApiError } from '../../lib/api-client';
import { useSystemInfo } from '../../lib/system-info';
import { useHealth, useStatistics } from './api/system';

const yesNo = (value: boolean | undefined) => (value === undefined ? '…' : value ? 'Yes' : 'No');
const AUTH_MODES: Record<string, string> = { db_auth: 'Database', ldap_auth: 'LDAP', oidc_auth: 'OIDC', http_auth: 'HTTP auth proxy' };

function HealthPanel() {
  const health = useHealth();
  return (
    <Panel
      title="Health"
      actions={health.data && <Badge tone={health.data.status === 'healthy' ? 'success' : 'danger'}>{health.data.status === 'healthy' ? 'Healthy' : 'Unhealthy'}</Badge>}
    >
      {health.error && (
        <p role="alert" className="text-sm text-danger">
          {toApiError(health.error).message}
        </p>
      )}
      <table className="w-full text-sm" aria-label="Components">
        <thead className="text-left text-xs text-muted">
          <tr>
            <th scope="col" className="py-1 font-medium">Component</th>
            <th scope="col" className="py-1 font-medium">Status</th>
          </tr>
        </thead>
        <tbody>
          {(health.data?.components ?? [{ name: '…', status: undefined, error: undefined }]).map((c) => (
            <tr key={c.name} className="border-t border-border">
              <td className="py-1.5 capitalize">{c.name}</td>
              <td className="py-1.5">
                {c.status && <Badge tone={c.status === 'healthy' ? 'success' : 'danger'}>{c.status === 'healthy' ? 'Healthy' : 'Unhealthy'}</Badge>}
                {c.error && <span className="ml-2 text-xs text-danger">{c.error}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}

export default function SystemInfoPage() {
  const info = useSystemInfo().data;
  const stats = useStatistics().data;
  const storage = useSystemStorage().data;
  return (
    <>
      <PageHeader crumbs={[{ label: 'Administration' }]} title="System info" />
      <div className="grid gap-4 lg:grid-cols-2">
        <Panel title="General">
          <DefinitionList
            items={[
              ['Version', info?.harbor_version ?? '…'],
              ['External URL', info?.external_url ?? '…'],
              ['Registry address', info?.registry_url ?? '…'],
              ['Authentication', info ? (AUTH_MODES[info.auth_mode] ?? info.auth_mode) : '…'],
              ['Self-registration', yesNo(info?.self_registration)],
              ['Who may create projects', info?.project_creation_restriction === 'adminonly' ? 'System admins only' : 'Everyone'],
              ['Read-only mode', yesNo(info?.read_only)],
              ['Server time', formatTime(info?.current_time)],
            ]}
          />
        </Panel>
        <Panel title="Storage">
          <div className="mb-4 flex flex-wrap gap-8">
            <Stat label="Storage used" value={stats && formatBytes(stats.total_storage_consumption)} />
            <Stat label="Projects" value={stats?.total_project_count} />
            <Stat label="Repositories" value={stats?.total_repo_count} />
            <Stat label="Deduplication ratio" value={storage && `${storage.dedup_ratio.toFixed(2)}×`} />
          </div>
          {storage && (
            <p className="mb-4 text-sm text-muted">
              Images would take {formatBytes(storage.logical)} if each stored its own layers; shared layers are stored once, in {formatBytes(storage.physical)}.
            </p>
          )}
          <DefinitionList items={[['Storage driver', info?.registry_storage_provider_name ?? '…']]} />
        </Panel>
        <HealthPanel />
      </div>
    </>
  );
}
