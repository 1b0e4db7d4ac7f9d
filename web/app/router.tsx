/** Routes, each page loaded on demand (code-split), behind the sign-in and admin guards. */
import { createBrowserRouter, Navigate } from 'react-router';
import { AppLayout } from '../components/layout/app-layout';
import { paths } from '../config/paths';
import { RequireAdmin, RequireAuth } from '../lib/auth';

const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({ Component: (await load()).default });

export const router = createBrowserRouter([
  { path: '/sign-in', lazy: page(() => import('../features/auth/sign-in-page')) },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <Navigate to={paths.projects} replace /> },
          { path: 'projects', lazy: page(() => import('../features/projects/projects-page')) },
          {
            element: <RequireAdmin />,
            children: [],
          },
          { path: '*', lazy: page(() => import('./not-found')) },
        ],
      },
    ],
  },
]);
