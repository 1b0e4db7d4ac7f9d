/** An artifact at a glance: what it is, its size and times, how to pull it, its annotations. */
import { LabelChip } from '../../../components/ui/label-chip';
import { CommandLine, CopyButton, formatBytes, formatTime, neverPulled } from '../../../components/ui/misc';
import { DefinitionList, Panel } from '../../../components/ui/panel';
import type { Artifact, Tag } from '../../../lib/api-types';
import { configText, distinctArtifactType, platformsOf, pullCommand } from '../artifact-text';

const mono = (text: string) => <span className="font-mono text-xs">{text}</span>;

export function ArtifactOverview({ artifact, tags, fullName, host }: { artifact: Artifact; tags: Tag[] | undefined; fullName: string; host: string }) {
  const platforms = platformsOf(artifact);
  const artifactType = distinctArtifactType(artifact) ?? artifact.artifact_type;
  const author = configText(artifact, 'author');
  const annotations = Object.entries(artifact.annotations);
  const firstTag = tags?.[0]?.name;

  const items: [string, React.ReactNode][] = [
    [
      'Digest',
      <span key="digest" className="flex items-start gap-1">
        {mono(artifact.digest)}
        <CopyButton text={artifact.digest} label="Copy the digest" />
      </span>,
    ],
    ['Type', artifact.type],
    ['Media type', mono(artifact.media_type)],
    ['Manifest media type', mono(artifact.manifest_media_type)],
    ['Artifact type', artifactType ? mono(artifactType) : '—'],
    ['Size', `${formatBytes(artifact.size)} (${artifact.size.toLocaleString()} bytes)`],
    [platforms.length > 1 ? 'Platforms' : 'Platform', platforms.length ? platforms.join(', ') : '—'],
    ['Created', formatTime(configText(artifact, 'created'))],
    ...(author ? ([['Author', author]] as [string, React.ReactNode][]) : []),
    ['Pushed', formatTime(artifact.push_time)],
    ['Pulled', neverPulled(artifact.pull_time) ? 'Never' : formatTime(artifact.pull_time)],
    [
      'Labels',
      artifact.labels.length ? (
        <span key="labels" className="flex flex-wrap gap-1">
          {artifact.labels.map((label) => (
            <LabelChip key={label.id} label={label} />
          ))}
        </span>
      ) : (
        'None'
      ),
    ],
  ];

  return (
    <div className="mb-4 grid gap-4 lg:grid-cols-5">
      <Panel title="Overview" className="lg:col-span-3">
        <DefinitionList items={items} />
      </Panel>
      <div className="flex flex-col gap-4 lg:col-span-2">
        <Panel title="Pull">
          <div className="flex flex-col gap-2">
            <CommandLine command={pullCommand(host, fullName, artifact.digest)} label="Copy the pull command by digest" wrap />
            {firstTag && <CommandLine command={pullCommand(host, fullName, firstTag)} label={`Copy the pull command for ${firstTag}`} wrap />}
          </div>
        </Panel>
        <Panel title="Annotations">
          {annotations.length ? (
            <DefinitionList items={annotations.map(([key, value]) => [key, mono(value)])} />
          ) : (
            <p className="text-sm text-muted">No annotations.</p>
          )}
        </Panel>
      </div>
    </div>
  );
}
