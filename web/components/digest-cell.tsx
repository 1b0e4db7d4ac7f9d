/** The short digest linking to the artifact's page, and a button copying the whole digest. */
import { Link } from 'react-router';
import { shortDigest } from '../lib/format';
import { CopyButton } from './ui/misc';

export function DigestCell({ digest, to }: { digest: string; to: string }) {
  return (
    <span className="inline-flex items-center gap-1 whitespace-nowrap">
      <Link to={to} title={digest} className="font-mono text-xs text-primary hover:underline">
        {shortDigest(digest)}
      </Link>
      <CopyButton text={digest} label={`Copy digest ${shortDigest(digest)}`} />
    </span>
  );
}
