/** Each page's own title ("Projects - Berth"), from its address, so tabs and history tell pages apart. */
const TITLES: [RegExp, string][] = [
  [/^\/sign-in/, 'Sign in'],
  [/^\/forgot-password/, 'Forgot password'],
  [/^\/reset-password/, 'Choose a new password'],
  [/^\/sign-up/, 'Sign up'],
  [/^\/projects\/?$/, 'Projects'],
  [/^\/projects\/[^/]+\/repositories\/.+\/-\/artifacts\//, 'Artifact'],
  [/^\/projects\/[^/]+\/repositories\/.+/, 'Repository'],
  [/^\/projects\/[^/]+\/summary/, 'Project summary'],
  [/^\/projects\/[^/]+\/repositories/, 'Project repositories'],
  [/^\/projects\/[^/]+\/members/, 'Project members'],
  [/^\/projects\/[^/]+\/logs/, 'Project logs'],
  [/^\/projects\/[^/]+\/configuration/, 'Project configuration'],
  [/^\/projects\/[^/]+/, 'Project'],
  [/^\/account\/profile/, 'Your profile'],
  [/^\/account\/password/, 'Change password'],
  [/^\/admin\/users/, 'Users'],
  [/^\/admin\/audit-logs/, 'Audit logs'],
  [/^\/admin\/system/, 'System info'],
  [/^\/admin\/registries/, 'Registries'],
  [/^\/admin\/clean-up/, 'Clean Up'],
  [/^\/admin\/replications\/new/, 'New replication rule'],
  [/^\/admin\/replications\/executions\//, 'Replication execution'],
  [/^\/admin\/replications\/[^/]+\/edit/, 'Edit replication rule'],
  [/^\/admin\/replications\/[^/]+/, 'Replication executions'],
  [/^\/admin\/replications/, 'Replications'],
  [/^\/admin\/configuration\/authentication/, 'Authentication settings'],
  [/^\/admin\/configuration\/email/, 'Email settings'],
  [/^\/admin\/configuration\/system/, 'System settings'],
  [/^\/admin\/configuration/, 'Configuration'],
];

export function titleFor(pathname: string): string {
  const page = TITLES.find(([pattern]) => pattern.test(pathname))?.[1];
  return page ? `${page} - Berth` : 'Berth';
}
