/**
 * An image's SBOM tab: the packages its latest SBOM lists, searched by name and paged in the
 * server; before there is one, a sentence and (for those allowed to) a button that generates it,
 * then the generation's progress until its packages arrive.
 */
import type { ColumnDef } from '@tanstack/react-table';
import { useEffect, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button';
import { DataTable } from '../../../components/ui/data-table';
import { FormError } from '../../../components/ui/field';
import { FilterInput } from '../../../components/ui/filter-input';
import { Badge, EmptyState, formatTime } from '../../../components/ui/misc';
import { QueryProblem } from '../../../components/ui/query-problem';
import { paths } from '../../../config/paths';
import { toApiError } from '../../../lib/api-client';
import type { SbomOverview, SbomPackage } from '../../../lib/api-types';
import { useListPage } from '../../../lib/list-page';
import type { Can } from '../../../lib/permissions';
import type { RepositoryRef } from '../../../lib/query-keys';
import { isGenerating, sbomPackagesQuery, useGenerateSbom, useSbomOverview } from '../api/sbom';

const columns: ColumnDef<SbomPackage, unknown>[] = [
  {
    header: 'Name',
    cell: ({ row }) => (
      <Link
        to={paths.packages({ name: row.original.name, type: row.original.type })}
        title={`Images that contain ${row.original.name}`}
        className="inline-block min-w-32 break-all text-primary hover:underline"
      >
        {row.original.name}
      </Link>
    ),
  },
  { header: 'Version', cell: ({ row }) => <span className="inline-block min-w-24 font-mono text-xs break-all">{row.original.version}</span> },
  { header: 'Type', cell: ({ row }) => <Badge>{row.original.type}</Badge> },
  { header: 'License', cell: ({ row }) => <span className="inline-block min-w-24 [overflow-wrap:anywhere]">{row.original.license || '—'}</span> },
  { header: 'Package URL', cell: ({ row }) => <span className="inline-block min-w-48 font-mono text-xs break-all text-muted">{row.original.purl}</span> },
];

/** Seconds since `since`, ticking once a second: the server says a generation runs, not how far it got. */
function useElapsed(since: string) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return Math.max(0, Math.round((now - Date.parse(since)) / 1000));
}

function Progress({ overview }: { overview: SbomOverview }) {
  const elapsed = useElapsed(overview.start_time);
  return (
    <div className="flex flex-col items-center gap-3 rounded-lg border border-border bg-surface px-4 py-10 text-center">
      <p className="font-medium" role="status">
        {overview.scan_status === 'Pending' ? 'The SBOM generation is queued.' : 'Generating the SBOM from the image\u2019s layers.'}
      </p>
      <div role="progressbar" aria-label="SBOM generation" aria-valuetext={`${elapsed} s`} className="h-1.5 w-full max-w-64 overflow-hidden rounded bg-surface-2">
        <div className="h-full w-1/3 animate-pulse rounded bg-primary" />
      </div>
      <p className="text-sm text-muted tabular-nums">
        Started {formatTime(overview.start_time)}, {elapsed} s ago. The packages appear here when it ends.
      </p>
    </div>
  );
}

function Packages({ target, digest, overview, action }: { target: RepositoryRef; digest: string; overview: SbomOverview; action: ReactNode }) {
  const { params, table, filter } = useListPage({}, sbomPackagesQuery(target, digest, overview.report_id));
  const count = overview.package_count;
  return (
    <>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <FilterInput label="Filter packages by name" placeholder="Filter by name" {...filter} />
        <div className="flex flex-wrap items-center gap-3 text-sm text-muted">
          <span>
            {count} {count === 1 ? 'package' : 'packages'}, generated {formatTime(overview.end_time ?? overview.start_time)}
          </span>
          {action}
        </div>
      </div>
      <DataTable
        label="Packages"
        columns={columns}
        {...table}
        rowKey={(p) => p.purl}
        empty={
          params.filter ? (
            <EmptyState title={`No package name contains "${params.filter}".`}>Search for a shorter part of the name.</EmptyState>
          ) : (
            <EmptyState title="The SBOM lists no package.">
              Berth reads Debian and Alpine package databases, npm package.json files, Python package metadata and Go binaries; this image holds none of them.
            </EmptyState>
          )
        }
      />
    </>
  );
}

export function SbomTab({ target, digest, can }: { target: RepositoryRef; digest: string; can: Can }) {
  const overview = useSbomOverview(target, digest);
  const generate = useGenerateSbom(target, digest);
  const mayGenerate = can('sbom', 'create');
  const generateButton = (label: string, variant: 'primary' | 'secondary') =>
    mayGenerate && (
      <Button variant={variant} busy={generate.isPending} onClick={() => generate.mutate()}>
        {label}
      </Button>
    );
  const failure = <FormError message={generate.error ? toApiError(generate.error).message : undefined} />;

  if (overview.error) return <QueryProblem error={overview.error} what="this image's SBOM" onRetry={() => void overview.refetch()} />;
  // Reserves the tab's height while the state arrives.
  if (overview.data === undefined) return <div className="h-40 animate-pulse rounded-lg border border-border bg-surface" aria-hidden />;
  const state = overview.data;
  if (!state) {
    return (
      <div className="rounded-lg border border-border bg-surface">
        <EmptyState
          title="This image has no SBOM yet."
          action={
            <>
              {generateButton('Generate SBOM', 'primary')}
              {failure}
            </>
          }
        >
          An SBOM lists the packages inside the image (Debian and Alpine packages, npm, Python and Go modules), read from its layers.
          {!mayGenerate && ' Developers, maintainers and project admins can generate one.'}
        </EmptyState>
      </div>
    );
  }
  if (isGenerating(state)) return <Progress overview={state} />;
  if (state.scan_status !== 'Success') {
    return (
      <div className="flex flex-col items-start gap-3 rounded-lg border border-border bg-surface p-4" role="alert">
        <p className="text-sm text-danger">The SBOM could not be generated: {state.error ?? 'the job failed.'}</p>
        {generateButton('Try again', 'secondary')}
        {failure}
      </div>
    );
  }
  return (
    <>
      <Packages target={target} digest={digest} overview={state} action={generateButton('Generate again', 'secondary')} />
      {failure}
    </>
  );
}
