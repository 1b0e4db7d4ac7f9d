/**
 * The frame of every signed-in page: header (search, theme, user menu), left navigation, content.
 * On narrow screens the navigation folds behind a menu button and opens over the dimmed page.
 */
import { clsx } from 'clsx';
import { Bot, ClipboardList, FolderGit2, Gauge, Info, Menu, Package, Repeat, Server, Settings, ShieldCheck, Tag, Trash2, Users, UsersRound } from 'lucide-react';
import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { paths } from '../../config/paths';
import { isSystemAdmin, useCurrentUser } from '../../lib/auth';
import { GlobalSearch } from './global-search';

// The user menu (Radix's dropdown and dialog, sonner) loads just after the frame shows, so the
// first page does not wait for code that only runs when the menu is opened.
const UserMenu = lazy(() => import('./user-menu').then((m) => ({ default: m.UserMenu })));

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

/** The user's name where the menu will be, the same size, while the menu's code arrives. */
function UserMenuPlaceholder() {
  const { data: user } = useCurrentUser();
  return (
    <span className="flex items-center gap-1 px-2 py-1 text-sm">
      {user?.username}
      <span className="w-3.5" aria-hidden />
    </span>
  );
}

export function AppLayout() {
  const { data: user } = useCurrentUser();
  const [navOpen, setNavOpen] = useState(false);
  const { pathname } = useLocation();
  // A page chosen in the folded navigation closes it; so does Escape.
  useEffect(() => setNavOpen(false), [pathname]);
  useEffect(() => {
    if (!navOpen) return;
    const close = (e: KeyboardEvent) => e.key === 'Escape' && setNavOpen(false);
    window.addEventListener('keydown', close);
    return () => window.removeEventListener('keydown', close);
  }, [navOpen]);
  return (
    <div className="flex h-full flex-col">
      <header className="flex h-12 shrink-0 items-center gap-3 bg-header px-4 text-header-fg md:gap-4">
        <button
          type="button"
          className="-ml-1 rounded p-1 hover:bg-white/10 md:hidden"
          aria-label="Navigation menu"
          aria-expanded={navOpen}
          aria-controls="main-navigation"
          onClick={() => setNavOpen((open) => !open)}
        >
          <Menu size={20} aria-hidden />
        </button>
        <Link to={paths.projects} className="flex items-center gap-2 font-semibold">
          <img src="/favicon.svg" alt="" className="h-6 w-6" />
          <span className="hidden sm:inline">Berth</span>
        </Link>
        <div className="min-w-0 flex-1">
          <GlobalSearch />
        </div>
        <Suspense fallback={<UserMenuPlaceholder />}>
          <UserMenu />
        </Suspense>
      </header>
      <div className="flex min-h-0 flex-1">
        {navOpen && <div className="fixed inset-x-0 top-12 bottom-0 z-20 bg-black/40 md:hidden" aria-hidden onClick={() => setNavOpen(false)} />}
        <nav
          id="main-navigation"
          aria-label="Main"
          className={clsx(
            'w-52 shrink-0 overflow-y-auto border-r border-border bg-nav p-2 md:static md:block',
            navOpen ? 'fixed top-12 bottom-0 left-0 z-30 shadow-xl' : 'hidden',
          )}
        >
          <NavItem to={paths.projects} icon={<FolderGit2 size={16} aria-hidden />}>
            Projects
          </NavItem>
          <NavItem to={paths.packages()} icon={<Package size={16} aria-hidden />}>
            Package search
          </NavItem>
          {isSystemAdmin(user) && (
            <>
              <p className="mt-4 mb-1 px-3 text-xs font-semibold tracking-wide text-muted uppercase">Administration</p>
              <NavItem to={paths.admin.users} icon={<Users size={16} aria-hidden />}>
                Users
              </NavItem>
              <NavItem to={paths.admin.groups} icon={<UsersRound size={16} aria-hidden />}>
                Groups
              </NavItem>
              <NavItem to={paths.admin.registries} icon={<Server size={16} aria-hidden />}>
                Registries
              </NavItem>
              <NavItem to={paths.admin.robots} icon={<Bot size={16} aria-hidden />}>
                Robot Accounts
              </NavItem>
              <NavItem to={paths.admin.replications} icon={<Repeat size={16} aria-hidden />}>
                Replications
              </NavItem>
              <NavItem to={paths.admin.quotas} icon={<Gauge size={16} aria-hidden />}>
                Project Quotas
              </NavItem>
              <NavItem to={paths.admin.labels} icon={<Tag size={16} aria-hidden />}>
                Labels
              </NavItem>
              <NavItem to={paths.admin.auditLogs} icon={<ClipboardList size={16} aria-hidden />}>
                Audit logs
              </NavItem>
              <NavItem to={paths.admin.interrogationServices()} icon={<ShieldCheck size={16} aria-hidden />}>
                Interrogation Services
              </NavItem>
              <NavItem to={paths.admin.cleanUp} icon={<Trash2 size={16} aria-hidden />}>
                Clean Up
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
        <main className="min-w-0 flex-1 overflow-y-auto p-4 md:p-6">
          <Suspense fallback={<p className="text-muted">Loading...</p>}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
