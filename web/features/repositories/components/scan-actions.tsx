/** Scan and Stop scan in an artifact row's menu, for images and for those allowed; the outcome is toasted. */
import { ScanSearch, Square } from 'lucide-react';
import { toast } from 'sonner';
import type { RowAction } from '../../../components/ui/row-menu';
import { toApiError } from '../../../lib/api-client';
import type { Artifact } from '../../../lib/api-types';
import type { Can } from '../../../lib/permissions';
import type { RepositoryRef } from '../../../lib/query-keys';
import { useScanArtifact, useStopScan } from '../api/scans';
import { shortDigest } from '../artifact-text';
import { isScanning, overviewOf } from '../vulnerabilities';

/** The scan actions of one row: `actionsOf(artifact)`. */
export function useScanRowActions(target: RepositoryRef, can: Can): (artifact: Artifact) => RowAction[] {
  const scan = useScanArtifact(target);
  const stop = useStopScan(target);
  const refused = (what: string) => (err: Error) => toast.error(`${what}: ${toApiError(err).message}`);
  return (artifact) => {
    if (!artifact.addition_links.vulnerabilities) return [];
    const name = shortDigest(artifact.digest);
    const running = isScanning(overviewOf(artifact));
    const actions: RowAction[] = [];
    if (can('scan', 'create')) {
      actions.push({
        label: 'Scan',
        icon: <ScanSearch size={14} aria-hidden />,
        disabled: running,
        onSelect: () => scan.mutate(artifact.digest, { onSuccess: () => toast.success(`Scan of ${name} queued.`), onError: refused(`${name} was not scanned`) }),
      });
    }
    if (running && can('scan', 'stop')) {
      actions.push({
        label: 'Stop scan',
        icon: <Square size={14} aria-hidden />,
        onSelect: () => stop.mutate(artifact.digest, { onSuccess: () => toast.success(`Stopping the scan of ${name}.`), onError: refused('The scan did not stop') }),
      });
    }
    return actions;
  };
}
