/**
 * /packages: which images contain a package? A name (exact, any case), optionally a version range
 * and a type; the artifacts whose SBOM lists it, newest push first, in the projects the user may
 * read. The search lives in the URL, so a result can be shared.
 */
import type { ColumnDef } from '@tanstack/react-table';
import { X } from 'lucide-react';
import { Link } from 'react-router';
import { DigestCell } from '../../components/digest-cell';
import { Button } from '../../components/ui/button';
import { DataTable } from '../../components/ui/data-table';
import { controlClass } from '../../components/ui/field';
import { FilterInput } from '../../components/ui/filter-input';
import { Badge, EmptyState, formatTime, PageHeader } from '../../components/ui/misc';
import { paths } from '../../config/paths';
import type { PackageUse } from '../../lib/api-types';
import { useListPage } from '../../lib/list-page';
import { usePageTitle } from '../../lib/page-title';
import { PACKAGE_SEARCH_KEYS, PACKAGE_TYPES, packageUsesQuery } from './api/packages';

/** The repository's name within its project, as console paths name it. */
const inProject = (use: PackageUse) => use.repository_name.slice(use.project_name.length + 1);

const columns: ColumnDef<PackageUse, unknown>[] = [
  {
    header: 'Project',
    cell: ({ row }) => (
      <Link to={paths.project(row.original.project_id, 'repositories')} className="break-all text-primary hover:underline">
        {row.original.project_name}
      </Link>
    ),
  },
  {
    header: 'Repository',
    cell: ({ row }) => (
      <Link to={paths.repository(row.original.project_id, inProject(row.original))} className="break-all text-primary hover:underline">
        {row.original.repository_name}
      </Link>
    ),
  },
  {
    header: 'Digest',
    cell: ({ row }) => <DigestCell digest={row.original.digest} to={paths.artifact(row.original.project_id, inProject(row.original), row.original.digest, 'sbom')} />,
  },
  {
    header: 'Package version',
    cell: ({ row }) => (
      <span className="inline-flex flex-wrap items-center gap-1">
        <span className="font-mono text-xs break-all">{row.original.version}</span>
        <Badge>{row.original.type}</Badge>
      </span>
    ),
  },
  { header: 'Pushed', meta: { className: 'whitespace-nowrap' }, cell: ({ row }) => formatTime(row.original.push_time) },
];

export default function PackageSearchPage() {
  usePageTitle('Package search');
  const { params, setParams, query, table } = useListPage({ filterKeys: PACKAGE_SEARCH_KEYS }, packageUsesQuery);
  const { name = '', version = '', type = '' } = params.filters;
  const set = (key: (typeof PACKAGE_SEARCH_KEYS)[number]) => (value: string) => setParams({ filters: { [key]: value } });
  const searched = name.trim() !== '';
  const total = query.data?.total;
  return (
    <>
      <PageHeader title="Package search">
        <p className="mt-1 text-sm text-muted">Which images contain a package? Searches the SBOMs of every image you may see.</p>
      </PageHeader>
      <div className="mb-2 flex flex-wrap items-end gap-2" role="search" aria-label="Package search">
        <FilterInput label="Package name" placeholder="Package name, such as openssl" className="w-full max-w-xs" value={name} onChange={set('name')} />
        <FilterInput label="Version range" placeholder="Version range, such as >=3.0 <3.1" className="w-full max-w-xs" value={version} onChange={set('version')} />
        <select aria-label="Package type" className={controlClass} value={type} onChange={(e) => set('type')(e.target.value)}>
          <option value="">All types</option>
          {PACKAGE_TYPES.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
        {(name || version || type) && (
          <Button variant="ghost" onClick={() => setParams({ filters: { name: '', version: '', type: '' } })}>
            <X size={14} aria-hidden /> Clear
          </Button>
        )}
      </div>
      <p className="mb-3 text-xs text-muted">
        The name matches exactly, in any case. A version range is comparators such as &gt;=3.0.0 &lt;3.1.0 (a space means and, || means or), a version for an
        exact match, or a semantic range such as ^1.2.
      </p>
      {searched ? (
        <>
          <p className="mb-3 min-h-5 text-sm text-muted">
            {total !== undefined && `${total} ${total === 1 ? 'image contains' : 'images contain'} ${name.trim()}${version.trim() ? ` ${version.trim()}` : ''}, newest push first.`}
          </p>
          <DataTable
            label="Images containing the package"
            columns={columns}
            {...table}
            rowKey={(use) => `${use.artifact_id} ${use.purl}`}
            empty={
              <EmptyState title={`No image you may see contains ${name.trim()}${version.trim() ? ` in ${version.trim()}` : ''}.`}>
                Only images with an SBOM are searched: generate one in an image&apos;s SBOM tab, or switch on SBOMs on push in a project&apos;s configuration.
              </EmptyState>
            }
          />
        </>
      ) : (
        <div className="rounded-lg border border-border bg-surface">
          <EmptyState title="Type a package name to see the images that contain it.">
            Images are found through their SBOMs: Debian and Alpine packages, npm, Python and Go modules.
          </EmptyState>
        </div>
      )}
    </>
  );
}
