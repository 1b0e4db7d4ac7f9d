/** The frame of every signed-in page: header (search, theme, user menu), left navigation, content. */
import { clsx } from 'clsx';
import { ClipboardList, FolderGit2, Info, Settings, Users } from 'lucide-react';
import { Suspense } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { paths } from '../../config/paths';
import { useCurrentUser } from '../../lib/auth';
import { GlobalSearch } from './global-search';
import { UserMenu } from './user-menu';

function NavItem({ to, icon, children }: { to: string; icon: React.ReactNode; children: React.ReactNode }) {
  return (
    <NavLink
      to={to}
      className={({ isActive }) =>
        clsx('flex items-center gap-2 rounded px-3 py-1.5 text-sm', isActive ? 'bg-nav-active font-medium text-primary' : 'text-fg hover:bg-surface-2')
      }
    >
      {icon}
      {children}
    </NavLink>
  );
}

export function AppLayout() {
  const { data: user } = useCurrentUser();
  return (
    <div className="flex h-full flex-col">
      <header className="flex h-12 shrink-0 items-center gap-4 bg-header px-4 text-header-fg">
        <Link to={paths.projects} className="flex items-center gap-2 font-semibold">
          <img src="/favicon.svg" alt="" className="h-6 w-6" />
          Berth
        </Link>
        <div className="flex-1">
          <GlobalSearch />
        </div>
        <UserMenu />
      </header>
      <div className="flex min-h-0 flex-1">
        <nav aria-label="Main" className="w-52 shrink-0 overflow-y-auto border-r border-border bg-nav p-2">
          <NavItem to={paths.projects} icon={<FolderGit2 size={16} aria-hidden />}>
            Projects
          </NavItem>
          {user?.sysadmin_flag && (
            <>
              <p className="mt-4 mb-1 px-3 text-xs font-semibold tracking-wide text-muted uppercase">Administration</p>
              <NavItem to={paths.admin.users} icon={<Users size={16} aria-hidden />}>
                Users
              </NavItem>
              <NavItem to={paths.admin.auditLogs} icon={<ClipboardList size={16} aria-hidden />}>
                Audit logs
              </NavItem>
              <NavItem to={paths.admin.configuration()} icon={<Settings size={16} aria-hidden />}>
                Configuration
              </NavItem>
              <NavItem to={paths.admin.system} icon={<Info size={16} aria-hidden />}>
                System info
              </NavItem>
            </>
          )}
        </nav>
        <main className="min-w-0 flex-1 overflow-y-auto p-6">
          <Suspense fallback={<p className="text-muted">Loading...</p>}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
