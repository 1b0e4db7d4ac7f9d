/**
 * Berth: the diff between two images, under /berth/ since Harbor has no
 * such operation. The path's artifact is the "from" side; `with` names the "to" side.
 */
import { z } from 'zod';
import { errorResponses } from './common.js';
import { BuildHistoryEntry } from './artifacts.js';
import { operation } from './operation.js';
import { repositoryParams } from './repositories.js';

export const DIFF_LIMIT = 1000;

const DiffSide = z
  .object({
    repository_name: z.string(),
    digest: z.string().describe('The image manifest compared.'),
    index_digest: z.string().nullable().describe('The index the image was chosen from by platform, when the reference named an index.'),
    platform: z.string().nullable().describe('os/architecture[/variant] from the image config.'),
  })
  .meta({ id: 'DiffSide' });

const ConfigChange = z
  .object({
    field: z.string().describe('Platform, Env, Entrypoint, Cmd, WorkingDir, User, Labels, ExposedPorts, Volumes or StopSignal.'),
    key: z.string().optional().describe('The variable, label, port or volume, for Env, Labels, ExposedPorts and Volumes.'),
    change: z.enum(['added', 'removed', 'changed']),
    before: z.string().optional().describe('Arrays (Entrypoint, Cmd) as JSON.'),
    after: z.string().optional(),
  })
  .meta({ id: 'ConfigChange' });

const DiffLayer = z
  .object({ digest: z.string(), size: z.number(), media_type: z.string(), created_by: z.string().nullable() })
  .meta({ id: 'DiffLayer' });

const DiffFile = z
  .object({
    path: z.string().describe('Without a leading slash.'),
    type: z.enum(['file', 'directory', 'symlink', 'hardlink', 'other']),
    size: z.number(),
    mode: z.string().describe('Permission bits in octal, such as 0755 or 4755.'),
    link_target: z.string().optional(),
    sha256: z.string().optional().describe('Of a regular file\'s content.'),
  })
  .meta({ id: 'DiffFile' });

const ChangedFile = z
  .object({
    path: z.string(),
    before: DiffFile,
    after: DiffFile,
    changes: z.array(z.enum(['type', 'size', 'mode', 'link', 'content'])),
  })
  .meta({ id: 'ChangedFile' });

export const ArtifactDiff = z
  .object({
    from: DiffSide,
    to: DiffSide,
    config: z.array(ConfigChange),
    history: z.object({
      shared: z.int().describe('Build steps both images start with.'),
      from: z.array(BuildHistoryEntry).describe('The from image\'s steps after the shared ones.'),
      to: z.array(BuildHistoryEntry).describe('The to image\'s steps after the shared ones.'),
    }),
    layers: z.object({ added: z.array(DiffLayer), removed: z.array(DiffLayer), shared: z.array(DiffLayer) }),
    files: z
      .object({
        added: z.array(DiffFile),
        removed: z.array(DiffFile),
        changed: z.array(ChangedFile),
        totals: z.object({ added: z.int(), removed: z.int(), changed: z.int() }),
        truncated: z.boolean().describe('True when a list stops at limit while more files differ.'),
        path: z.string().describe('The directory the lists are narrowed to; empty for all.'),
        limit: z.int(),
      })
      .nullable()
      .describe('The files each image shows (its layers applied in order, whiteouts honoured); null when a layer could not be read.'),
    files_problem: z.string().nullable().describe('Why files is null.'),
    listings: z.object({
      read: z.int().describe('Layers streamed for this answer.'),
      cached: z.int().describe('Layer listings served from the cache.'),
    }),
  })
  .meta({ id: 'ArtifactDiff', description: 'Berth: what changed from one image to another.' });

export const DiffProgress = z
  .object({
    status: z.literal('reading'),
    layers_read: z.int(),
    layers_total: z.int(),
    message: z.string().describe('Such as "Reading layers (2 of 5)".'),
  })
  .meta({ id: 'DiffProgress', description: 'Berth: the layers are still being read; ask again.' });

export const artifactDiffOperations = {
  diffArtifacts: operation({
    id: 'diffArtifacts',
    method: 'get',
    path: '/berth/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/diff',
    summary:
      'Berth: what changed from this image to another: run settings, build history, layers and files (each kind cut at limit, with totals). Layers are read once and their listings cached.',
    tag: 'artifact',
    access: 'artifact-addition:read on both artifacts',
    params: repositoryParams.extend({ reference: z.string().min(1).describe('A digest or a tag: the "from" side.') }),
    query: z.object({
      with: z
        .string()
        .min(1)
        .max(1024)
        .describe('The "to" side: a tag or digest of this repository, or <project>/<repository>:<tag> or <project>/<repository>@<digest>.'),
      platform: z.string().max(200).optional().describe('For an index: the child to compare (os/architecture[/variant]); default the first linux/amd64, else the first child.'),
      path: z.string().max(4096).optional().describe('Only files at or under this path.'),
      limit: z.coerce.number().int().min(1).max(DIFF_LIMIT).default(DIFF_LIMIT).describe(`Files listed per kind (added, removed, changed), at most ${DIFF_LIMIT}.`),
      wait: z.coerce.number().int().min(0).max(60).default(10).describe('Seconds to wait for layers to be read before answering 202 with the progress.'),
    }),
    responses: {
      200: { description: 'The diff.', body: ArtifactDiff },
      202: { description: 'The layers are still being read; ask again.', body: DiffProgress },
      ...errorResponses(400, 401, 403, 404),
    },
  }),
};
