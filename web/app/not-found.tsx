import { Link } from 'react-router';
import { paths } from '../config/paths';

export default function NotFoundPage() {
  return (
    <div className="p-8">
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="mt-2 text-muted">There is no page at this address.</p>
      <Link to={paths.projects} className="mt-4 inline-block text-primary hover:underline">
        Go to the projects
      </Link>
    </div>
  );
}
