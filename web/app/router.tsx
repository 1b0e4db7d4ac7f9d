/**
 * Routes, each page loaded on demand (code-split), behind the sign-in and admin guards. The
 * browser's router (main.tsx) and the server's renderer (web/entry-server.tsx) use this one table.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import { Navigate, useOutletContext, type RouteObject } from 'react-router';
import { DEFAULT_CONFIGURATION_TAB, DEFAULT_PROJECT_TAB, paths } from '../config/paths';
import type { ProjectOutletContext } from '../features/projects/project-page';
import type { Project } from '../lib/api-types';
import { RequireAdmin, RequireAuth } from '../lib/auth';
import { projectsQueryOptions, PROJECT_LIST_DEFAULTS } from '../features/projects/api/projects';
import { listParamsOf } from '../lib/list-params';
import { RouteError } from './route-error';

type Module<P = object> = { default: ComponentType<P> };

const page = (load: () => Promise<Module>) => async () => ({ Component: (await load()).default });

/** A project tab from any feature: it gets the project the project page loaded. */
const projectTab = (load: () => Promise<Module<{ project: Project }>>) => async () => {
  const Tab = (await load()).default;
  return {
    Component: function ProjectTabRoute() {
      const { project } = useOutletContext<ProjectOutletContext>();
      return <Tab project={project} />;
    },
  };
};

/** The routes, whose loaders prefetch into this data cache. */
export const consoleRoutes = (queryClient: QueryClient): RouteObject[] => [
  {
    // Shown while the first page's code arrives.
    hydrateFallbackElement: <p className="p-8 text-muted">Loading…</p>,
    errorElement: <RouteError />,
    children: [
      { path: '/sign-in', lazy: page(() => import('../features/auth/sign-in-page')) },
      { path: paths.forgotPassword, lazy: page(() => import('../features/auth/forgot-password-page')) },
      { path: paths.resetPassword, lazy: page(() => import('../features/auth/reset-password-page')) },
      { path: paths.signUp, lazy: page(() => import('../features/auth/sign-up-page')) },
      { path: paths.oidcOnboard, lazy: page(() => import('../features/auth/oidc-onboard-page')) },
      {
        element: <RequireAuth />,
        children: [
          {
            // The signed-in frame (header, menus, Radix) loads beside the page, not before sign-in.
            lazy: async () => ({ Component: (await import('../components/layout/app-layout')).AppLayout }),
            children: [
              { index: true, element: <Navigate to={paths.projects} replace /> },
              {
                // Named: a hydrating browser runs this loader itself and hands its result to the router by this id (main.tsx).
                id: 'projects',
                path: 'projects',
                // The list is asked for beside the page's code, not after it: the loader runs as the chunks load.
                loader: ({ request }) => {
                  void queryClient.prefetchQuery(projectsQueryOptions(listParamsOf(new URL(request.url).searchParams, PROJECT_LIST_DEFAULTS)));
                  return null;
                },
                lazy: page(() => import('../features/projects/projects-page')),
              },
              {
                path: 'projects/:projectId',
                lazy: page(() => import('../features/projects/project-page')),
                children: [
                  { index: true, element: <Navigate to={DEFAULT_PROJECT_TAB} replace /> },
                  { path: 'summary', lazy: projectTab(() => import('../features/projects/components/project-summary')) },
                  { path: 'repositories', lazy: projectTab(() => import('../features/repositories/repositories-tab')) },
                  { path: 'members', lazy: projectTab(() => import('../features/members/members-tab')) },
                  { path: 'logs', lazy: projectTab(() => import('../features/audit/project-logs-tab')) },
                  { path: 'webhooks', lazy: projectTab(() => import('../features/webhooks/webhooks-tab')) },
                  { path: 'labels', lazy: projectTab(() => import('../features/labels/project-labels-tab')) },
                  { path: 'configuration', lazy: projectTab(() => import('../features/projects/components/project-configuration')) },
                  { path: 'robots', lazy: projectTab(() => import('../features/robots/project-robots-tab')) },
                  { path: 'policy', lazy: projectTab(() => import('../features/policy/policy-tab')) },
                  { path: 'scanner', lazy: projectTab(() => import('../features/scanners/project-scanner-tab')) },
                ],
              },
              // A repository's page and its artifacts' pages: names keep their slashes (paths.repository).
              { path: 'projects/:projectId/repositories/*', lazy: page(() => import('../features/repositories/repository-route')) },
              { path: 'layers/:digest', lazy: page(() => import('../features/repositories/layer-page')) },
              { path: 'packages', lazy: page(() => import('../features/packages/package-search-page')) },
              { path: 'account/profile', lazy: page(() => import('../features/account/profile-page')) },
              { path: 'account/password', lazy: page(() => import('../features/account/password-page')) },
              {
                path: 'admin',
                element: <RequireAdmin />,
                children: [
                  { index: true, element: <Navigate to={paths.admin.users} replace /> },
                  { path: 'users', lazy: page(() => import('../features/users/users-page')) },
                  { path: 'groups', lazy: page(() => import('../features/groups/groups-page')) },
                  { path: 'audit-logs', lazy: page(() => import('../features/audit/audit-logs-page')) },
                  { path: 'system', lazy: page(() => import('../features/system/system-info-page')) },
                  { path: 'registries', lazy: page(() => import('../features/registries/registries-page')) },
                  { path: 'quotas', lazy: page(() => import('../features/quotas/quotas-page')) },
                  { path: 'labels', lazy: page(() => import('../features/labels/labels-page')) },
                  { path: 'robots', lazy: page(() => import('../features/robots/robots-page')) },
                  { path: 'clean-up', lazy: page(() => import('../features/cleanup/clean-up-page')) },
                  { path: 'interrogation-services', lazy: page(() => import('../features/scanners/interrogation-services-page')) },
                  { path: 'replications', lazy: page(() => import('../features/replication/replications-page')) },
                  { path: 'replications/new', lazy: page(() => import('../features/replication/rule-page')) },
                  { path: 'replications/:policyId/edit', lazy: page(() => import('../features/replication/rule-page')) },
                  { path: 'replications/:policyId', lazy: page(() => import('../features/replication/executions-page')) },
                  { path: 'replications/executions/:executionId', lazy: page(() => import('../features/replication/execution-page')) },
                  {
                    path: 'configuration',
                    lazy: page(() => import('../features/configuration/configuration-page')),
                    children: [
                      { index: true, element: <Navigate to={DEFAULT_CONFIGURATION_TAB} replace /> },
                      { path: 'authentication', lazy: page(() => import('../features/configuration/authentication-tab')) },
                      { path: 'email', lazy: page(() => import('../features/configuration/email-tab')) },
                      { path: 'system', lazy: page(() => import('../features/configuration/system-tab')) },
                    ],
                  },
                ],
              },
              { path: '*', lazy: page(() => import('./not-found')) },
            ],
          },
        ],
      },
    ],
  },
];
