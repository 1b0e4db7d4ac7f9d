import { createBrowserRouter, RouterProvider } from 'react-router';
import { Shell } from './shell';

const router = createBrowserRouter([
  { path: '/', element: <Shell /> },
  { path: '*', element: <Shell notFound /> },
]);

export function App() {
  return <RouterProvider router={router} />;
}
