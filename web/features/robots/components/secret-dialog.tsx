/**
 * A robot's secret, the one time the server hands it over (creation, refresh): shown with copy
 * buttons and a download of Harbor's robot file ({"name", "secret"}), and never shown again.
 */
import { Download } from 'lucide-react';
import { Button } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { CopyButton } from '../../../components/ui/misc';

export interface ShownSecret {
  name: string;
  secret: string;
  /** "created" or "refreshed", for the title. */
  event: 'created' | 'refreshed';
}

function download(shown: ShownSecret) {
  const url = URL.createObjectURL(new Blob([JSON.stringify({ name: shown.name, secret: shown.secret })], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${shown.name}.json`;
  link.click();
  URL.revokeObjectURL(url);
}

export function SecretDialog({ shown, onClose }: { shown: ShownSecret | null; onClose: () => void }) {
  return (
    <Dialog
      open={shown !== null}
      onOpenChange={(open) => !open && onClose()}
      title={shown?.event === 'refreshed' ? 'New secret' : 'Robot account created'}
      description="Copy or download the secret now: Berth keeps only a hash of it and cannot show it again."
      footer={
        <>
          {shown && (
            <Button onClick={() => download(shown)}>
              <Download size={14} aria-hidden /> Download
            </Button>
          )}
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        </>
      }
    >
      {shown && (
        <dl className="grid gap-3 text-sm">
          <div>
            <dt className="font-medium">Name</dt>
            <dd className="mt-1 flex items-center gap-2 rounded border border-border bg-surface-2 px-2 py-1">
              <code className="flex-1 font-mono text-xs [overflow-wrap:anywhere]" data-testid="robot-name">
                {shown.name}
              </code>
              <CopyButton text={shown.name} label="Copy name" />
            </dd>
          </div>
          <div>
            <dt className="font-medium">Secret</dt>
            <dd className="mt-1 flex items-center gap-2 rounded border border-border bg-surface-2 px-2 py-1">
              <code className="flex-1 font-mono text-xs [overflow-wrap:anywhere]" data-testid="robot-secret">
                {shown.secret}
              </code>
              <CopyButton text={shown.secret} label="Copy secret" />
            </dd>
          </div>
        </dl>
      )}
    </Dialog>
  );
}
