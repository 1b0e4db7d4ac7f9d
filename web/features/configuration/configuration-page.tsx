/** Administration > Configuration: the runtime settings, one tab (and URL) per area. */
import { Outlet } from 'react-router';
import { PageHeader } from '../../components/ui/misc';
import { TabNav } from '../../components/ui/tab-nav';
import { paths } from '../../config/paths';

const TABS = [
  { to: paths.admin.configuration('authentication'), label: 'Authentication' },
  { to: paths.admin.configuration('email'), label: 'Email' },
  { to: paths.admin.configuration('system'), label: 'System' },
];

export default function ConfigurationPage() {
  return (
    <>
      <PageHeader crumbs={[{ label: 'Administration' }]} title="Configuration" />
      <TabNav label="Configuration sections" tabs={TABS} />
      <Outlet />
    </>
  );
}
