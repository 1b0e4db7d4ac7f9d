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

function Line({ term, value, testId }: { term: string; value: string; testId: string }) {
  return (
    <div>
      <dt className="font-medium">{term}</dt>
      <dd className="mt-1 flex items-center gap-2 rounded border border-border bg-surface-2 px-2 py-1">
        <code className="flex-1 font-mono text-xs [overflow-wrap:anywhere]" data-testid={testId}>
          {value}
        </code>
        <CopyButton text={value} label={`Copy ${term.toLowerCase()}`} />
      </dd>
    </div>
  );
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
          <Line term="Name" value={shown.name} testId="robot-name" />
          <Line term="Secret" value={shown.secret} testId="robot-secret" />
        </dl>
      )}
    </Dialog>
  );
}
