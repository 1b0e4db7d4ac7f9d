/** A registration's health and what its adapter says it is, as the scanner list and the project's Scanner tab show them. */
import { Badge } from '../../../components/ui/misc';
import type { ScannerRegistration } from '../api/scanners';

export function HealthBadge({ health }: { health: string }) {
  return health === 'healthy' ? <Badge tone="success">Healthy</Badge> : <Badge tone="danger">Unhealthy</Badge>;
}

/** "Trivy 0.50.1 (Aqua Security)", from what the adapter said of itself; empty when it did not answer. */
export const adapterText = (s: ScannerRegistration) => (s.adapter ? `${s.adapter}${s.version ? ` ${s.version}` : ''}${s.vendor ? ` (${s.vendor})` : ''}` : '');
