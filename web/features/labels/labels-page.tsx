/** Administration > Labels: the global labels every project may put on its artifacts. */
import { PageHeader } from '../../components/ui/misc';
import { usePageTitle } from '../../lib/page-title';
import { LabelsList } from './components/labels-list';

export default function LabelsPage() {
  usePageTitle('Labels');
  return (
    <>
      <PageHeader crumbs={[{ label: 'Administration' }]} title="Labels" />
      <p className="mb-4 max-w-3xl text-sm text-muted">Global labels can go on the artifacts of every project. Each project can also have labels of its own, in its Labels tab.</p>
      <LabelsList scope={{ projectId: null }} editable />
    </>
  );
}
