/** Administration > Robot Accounts: the system robots (one project, several, or all). */
import { PageHeader } from '../../components/ui/misc';
import { usePageTitle } from '../../lib/page-title';
import { RobotList } from './components/robot-list';

export default function RobotsPage() {
  usePageTitle('Robot accounts');
  return (
    <>
      <PageHeader crumbs={[{ label: 'Administration' }]} title="Robot accounts" />
      <RobotList project={null} canManage />
    </>
  );
}
