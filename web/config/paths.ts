/** Every console URL, written once. Repository names keep their slashes; `/-/` cannot occur in one. */

const repoPath = (name: string) => name.split('/').map(encodeURIComponent).join('/');

export type ProjectTab = 'summary' | 'repositories' | 'members' | 'logs' | 'labels' | 'configuration' | 'webhooks' | 'robots' | 'policy' | 'scanner';
export const DEFAULT_PROJECT_TAB: ProjectTab = 'summary';

export type ArtifactTab = 'tags' | 'layers' | 'children' | 'referrers' | 'dependents' | 'sbom' | 'vulnerabilities';

export type ConfigurationTab = 'authentication' | 'email' | 'system';
export const DEFAULT_CONFIGURATION_TAB: ConfigurationTab = 'authentication';

export const paths = {
  home: '/',
  signIn: (redirect?: string) => (redirect && redirect !== '/' ? `/sign-in?redirect=${encodeURIComponent(redirect)}` : '/sign-in'),
  /** Public pages, next to sign-in. The reset page's path is the mailed link's (server/api/contracts/session.ts). */
  forgotPassword: '/forgot-password',
  resetPassword: '/reset-password',
  signUp: '/sign-up',
  /** Where the server sends a first OpenID Connect sign-in to choose a username (Harbor's path). */
  oidcOnboard: '/oidc-onboard',
  projects: '/projects',
  project: (projectId: number | string, tab: ProjectTab = DEFAULT_PROJECT_TAB) => `/projects/${projectId}/${tab}`,
  /** `repository` is the name within the project (`team/app` for `proj/team/app`), as the API names it. */
  repository: (projectId: number | string, repository: string) => `/projects/${projectId}/repositories/${repoPath(repository)}`,
  /** An artifact by digest or tag; `tab` opens one of its page's tabs. */
  artifact: (projectId: number | string, repository: string, reference: string, tab?: ArtifactTab) =>
    `/projects/${projectId}/repositories/${repoPath(repository)}/-/artifacts/${encodeURIComponent(reference)}${tab ? `?tab=${tab}` : ''}`,
  /** The artifacts that use a blob (a layer's users), across the projects the caller may read. */
  layer: (digest: string) => `/layers/${encodeURIComponent(digest)}`,
  /** The diff between two artifacts of a repository (tags or digests); `to` may name another repository. */
  compare: (projectId: number | string, repository: string, from = '', to = '') =>
    `/projects/${projectId}/repositories/${repoPath(repository)}/-/compare${from || to ? `?${new URLSearchParams({ from, to }).toString()}` : ''}`,
  /** Which images contain a package: its name, and optionally a version range and a type. */
  packages: (search: { name?: string; version?: string; type?: string } = {}) => {
    const query = new URLSearchParams(Object.entries(search).filter((entry): entry is [string, string] => Boolean(entry[1]))).toString();
    return query ? `/packages?${query}` : '/packages';
  },
  admin: {
    users: '/admin/users',
    groups: '/admin/groups',
    auditLogs: '/admin/audit-logs',
    system: '/admin/system',
    registries: '/admin/registries',
    labels: '/admin/labels',
    robots: '/admin/robots',
    cleanUp: '/admin/clean-up',
    /** Scanners and scan all (Harbor's Interrogation Services); `vulnerability` opens the scan all tab. */
    interrogationServices: (tab?: 'vulnerability') => `/admin/interrogation-services${tab ? `?tab=${tab}` : ''}`,
    replications: '/admin/replications',
    quotas: '/admin/quotas',
    newReplication: '/admin/replications/new',
    editReplication: (policyId: number) => `/admin/replications/${policyId}/edit`,
    /** A rule's executions. */
    replication: (policyId: number) => `/admin/replications/${policyId}`,
    execution: (executionId: number) => `/admin/replications/executions/${executionId}`,
    /** Without a tab: the page's own address, which opens its first tab. */
    configuration: (tab?: ConfigurationTab) => (tab ? `/admin/configuration/${tab}` : '/admin/configuration'),
  },
  account: {
    profile: '/account/profile',
    password: '/account/password',
  },
} as const;

/** Splits the splat of /projects/:id/repositories/* into the repository and an artifact reference. */
export function parseRepositorySplat(splat: string): { repository: string; reference?: string; compare?: true } {
  const compare = /\/-\/compare\/?$/.exec(splat);
  if (compare) return { repository: decodeURIComponent(splat.slice(0, compare.index)), compare: true };
  const marker = splat.indexOf('/-/artifacts/');
  if (marker < 0) return { repository: decodeURIComponent(splat.replace(/\/+$/, '')) };
  return {
    repository: decodeURIComponent(splat.slice(0, marker)),
    reference: decodeURIComponent(splat.slice(marker + '/-/artifacts/'.length)),
  };
}
