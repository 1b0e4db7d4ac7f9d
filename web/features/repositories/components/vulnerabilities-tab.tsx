/**
 * An image's Vulnerabilities tab (Harbor's artifact vulnerabilities view): the outcome of its
 * last scan by the project's scanner with the log of that scan, Scan and Stop for those allowed,
 * and the findings: CVE, severity, package, versions and a shortened description, filtered,
 * sorted and paged here (the addition answers the whole report at once).
 */
import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { FileText, ScanSearch, Square } from 'lucide-react';
import { useCallback } from 'react';
import { Button } from '../../../components/ui/button';
import { DataTable } from '../../../components/ui/data-table';
import { FormError } from '../../../components/ui/field';
import { FilterInput } from '../../../components/ui/filter-input';
import { EmptyState, formatTime } from '../../../components/ui/misc';
import { toApiError } from '../../../lib/api-client';
import { useListParams } from '../../../lib/list-params';
import type { Can } from '../../../lib/permissions';
import type { RepositoryRef } from '../../../lib/query-keys';
import { scanLogUrl, useScanArtifact, useScanOverview, useStopScan, vulnerabilityReportQuery } from '../api/scans';
import { isScanning, summaryText, vulnerabilityPage, type ScanOverview, type Vulnerability, type VulnerabilityReport } from '../vulnerabilities';
import { ScanOutcome, SeverityBadge } from './vulnerability-cells';

const columns: ColumnDef<Vulnerability, unknown>[] = [
  {
    header: 'Vulnerability',
    meta: { sortField: 'id', className: 'whitespace-nowrap' },
    cell: ({ row }) => {
      const link = row.original.links?.find((l) => /^https?:\/\//.test(l));
      return link ? (
        <a href={link} target="_blank" rel="noreferrer" className="font-mono text-xs text-primary hover:underline">
          {row.original.id}
        </a>
      ) : (
        <span className="font-mono text-xs">{row.original.id}</span>
      );
    },
  },
  { header: 'Severity', meta: { sortField: 'severity' }, cell: ({ row }) => <SeverityBadge severity={row.original.severity} /> },
  { header: 'Package', meta: { sortField: 'package' }, cell: ({ row }) => <span className="break-words">{row.original.package}</span> },
  { header: 'Current version', cell: ({ row }) => <span className="font-mono text-xs break-all">{row.original.version}</span> },
  {
    header: 'Fixed in version',
    cell: ({ row }) => (row.original.fix_version ? <span className="font-mono text-xs break-all">{row.original.fix_version}</span> : <span className="text-muted">No fix yet</span>),
  },
  {
    header: 'Description',
    // Two lines at most; the whole text is in the title and read out by screen readers.
    meta: { className: 'min-w-56' },
    cell: ({ row }) => (
      <span title={row.original.description} className="line-clamp-2 text-xs">
        {row.original.description || <span className="text-muted">None given</span>}
      </span>
    ),
  },
];

function Findings({ target, digest, overview }: { target: RepositoryRef; digest: string; overview: ScanOverview }) {
  const [params, setParams] = useListParams({ sort: 'severity' });
  const page = useCallback((report: VulnerabilityReport) => vulnerabilityPage(report.vulnerabilities ?? [], params), [params]);
  const findings = useQuery({ ...vulnerabilityReportQuery(target, digest, overview.report_id), select: page });
  return (
    <>
      <div className="mb-3">
        <FilterInput label="Filter vulnerabilities" placeholder="CVE, package or description" value={params.filter} onChange={(filter) => setParams({ filter })} />
      </div>
      <DataTable
        label="Vulnerabilities"
        columns={columns}
        query={findings}
        params={params}
        onParams={setParams}
        rowKey={(v) => `${v.id} ${v.package} ${v.version}`}
        empty={
          params.filter ? (
            <EmptyState title={`No vulnerability matches "${params.filter}".`}>Change the filter, or clear it to see every finding.</EmptyState>
          ) : (
            <EmptyState title="The scanner found no vulnerabilities in this image." />
          )
        }
      />
    </>
  );
}

export function VulnerabilitiesTab({ target, digest, can }: { target: RepositoryRef; digest: string; can: Can }) {
  const overview = useScanOverview(target, digest);
  const scan = useScanArtifact(target);
  const stop = useStopScan(target);
  const data = overview.data ?? undefined;
  const running = isScanning(data);
  const failure = scan.error ?? stop.error;
  const summary = data?.summary;

  return (
    <div className="flex flex-col gap-3">
      <section aria-label="Last scan" className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-lg border border-border bg-surface p-3 text-sm">
        <div className="flex min-w-0 flex-col gap-1">
          {overview.isPending ? (
            <span className="h-5 w-40 animate-pulse rounded bg-surface-2" aria-hidden />
          ) : (
            <>
              <ScanOutcome overview={data} />
              {data?.scan_status === 'Success' && summary && (
                <span className="text-xs text-muted">
                  {summaryText(summary.total, summary.summary)}, {summary.fixable} fixable. Scanned {formatTime(data.end_time ?? data.start_time)}
                  {data.scanner?.name ? ` by ${[data.scanner.name, data.scanner.version].filter(Boolean).join(' ')}` : ''}.
                </span>
              )}
              {!data && <span className="text-xs text-muted">Scan the image to see the vulnerabilities of its packages.</span>}
            </>
          )}
        </div>
        <div className="ml-auto flex flex-wrap items-center gap-2">
          {data && (
            <a
              href={scanLogUrl(target, digest, data.report_id)}
              target="_blank"
              rel="noreferrer"
              className="inline-flex h-8 items-center gap-1.5 rounded px-3 text-sm font-medium text-primary hover:bg-surface-2"
            >
              <FileText size={14} aria-hidden /> Scan log
            </a>
          )}
          {running && can('scan', 'stop') && (
            <Button onClick={() => stop.mutate(digest)} busy={stop.isPending}>
              <Square size={14} aria-hidden /> Stop scan
            </Button>
          )}
          {can('scan', 'create') && (
            <Button variant="primary" onClick={() => scan.mutate(digest)} busy={scan.isPending} disabled={running}>
              <ScanSearch size={14} aria-hidden /> Scan
            </Button>
          )}
        </div>
        {failure && (
          <div className="basis-full">
            <FormError message={toApiError(failure).message} />
          </div>
        )}
      </section>
      {overview.error && <FormError message={toApiError(overview.error).message} />}
      {data?.scan_status === 'Success' && <Findings target={target} digest={digest} overview={data} />}
    </div>
  );
}
