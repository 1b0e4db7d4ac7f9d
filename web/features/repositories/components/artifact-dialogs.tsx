/** The confirmations for deleting an artifact and removing a tag, each naming what goes. */
import { ArtifactFrees } from '../../../components/storage-footprint';
import { ConfirmMutation } from '../../../components/ui/confirm-mutation';
import type { RepositoryRef } from '../../../lib/query-keys';
import { useDeleteArtifact } from '../api/artifacts';
import { useDeleteTag, useTagPreview, type TagTarget } from '../api/tags';
import { shortDigest } from '../artifact-text';

/** "and its tags v1, latest and 3 more", from the first page of its tags. */
function TagsGoing({ target, digest }: { target: RepositoryRef; digest: string }) {
  const preview = useTagPreview(target, digest).data;
  if (!preview) return <> and its tags</>;
  if (preview.total === 0) return <> (it has no tags)</>;
  const names = preview.items.map((t) => t.name);
  const more = preview.total - names.length;
  return (
    <>
      {' '}
      and its {preview.total === 1 ? 'tag' : 'tags'} <strong>{names.join(', ')}</strong>
      {more > 0 && ` and ${more} more`}
    </>
  );
}

export function DeleteArtifactDialog({
  target,
  digest,
  onClose,
  onDeleted,
}: {
  target: RepositoryRef;
  digest: string | null;
  onClose: () => void;
  onDeleted?: (digest: string) => void;
}) {
  const remove = useDeleteArtifact(target);
  return (
    <ConfirmMutation
      target={digest}
      onClose={onClose}
      mutation={remove}
      onDone={onDeleted}
      title="Delete artifact"
      message={(d) => (
        <>
          Delete <strong className="font-mono break-all">{d}</strong>
          <TagsGoing target={target} digest={d} /> from {target.projectName}/{target.repository}? Its signatures, SBOMs and other referrers are deleted with it. Pulls by
          these names stop working. This cannot be undone.
          <ArtifactFrees target={target} reference={d} />
        </>
      )}
      confirmLabel={(d) => `Delete ${shortDigest(d)}`}
      done={(d) => `Artifact ${shortDigest(d)} deleted.`}
    />
  );
}

export function RemoveTagDialog({ target, tag, onClose }: { target: RepositoryRef; tag: TagTarget | null; onClose: () => void }) {
  const remove = useDeleteTag(target);
  return (
    <ConfirmMutation
      target={tag}
      onClose={onClose}
      mutation={remove}
      title="Remove tag"
      message={(t) => (
        <>
          Remove the tag <strong>{t.name}</strong> from {target.projectName}/{target.repository}? The artifact {shortDigest(t.digest)} stays, and so do its
          other tags.
        </>
      )}
      confirmLabel={(t) => `Remove ${t.name}`}
      done={(t) => `Tag ${t.name} removed.`}
    />
  );
}
