/** /layers/<digest>: the artifacts that use a layer (or any blob), across the projects the user may read. */
import { useParams } from 'react-router';
import { CopyButton, EmptyState, PageHeader } from '../../components/ui/misc';
import { paths } from '../../config/paths';
import { useListPage } from '../../lib/list-page';
import { usePageTitle } from '../../lib/page-title';
import { blobUsersQuery } from './api/layers';
import { shortDigest } from './artifact-text';
import { ArtifactSummaryTable } from './components/artifact-summary-table';

export default function LayerPage() {
  const digest = useParams().digest ?? '';
  const { query: users, table } = useListPage({}, blobUsersQuery(digest));
  const title = `Layer ${shortDigest(digest)}`;
  usePageTitle(title);
  return (
    <>
      <PageHeader crumbs={[{ label: 'Projects', to: paths.projects }, { label: title }]} title={<span className="font-mono">{title}</span>}>
        <p className="mt-1 flex min-w-0 items-start gap-1 text-xs text-muted">
          <span className="font-mono break-all">{digest}</span>
          <CopyButton text={digest} label="Copy the layer digest" />
        </p>
      </PageHeader>
      <p className="mb-3 min-h-5 text-sm text-muted">
        {users.data && `${users.data.total} ${users.data.total === 1 ? 'artifact uses' : 'artifacts use'} this layer, newest first.`}
      </p>
      <ArtifactSummaryTable
        label="Artifacts using this layer"
        {...table}
        empty={<EmptyState title="No artifact you may see uses this layer.">Artifacts of projects you are not a member of are not listed.</EmptyState>}
      />
    </>
  );
}
