/** Section tabs that are links, so each tab has its own shareable URL. */
import { clsx } from 'clsx';
import { NavLink } from 'react-router';

export interface Tab {
  to: string;
  label: string;
}

export function TabNav({ label, tabs }: { label: string; tabs: Tab[] }) {
  return (
    <nav aria-label={label} className="mb-4 overflow-x-auto border-b border-border">
      <ul className="-mb-px flex gap-1 whitespace-nowrap">
        {tabs.map((tab) => (
          <li key={tab.to}>
            <NavLink
              to={tab.to}
              className={({ isActive }) =>
                clsx(
                  'inline-block border-b-2 px-3 py-2 text-sm',
                  isActive ? 'border-primary font-medium text-primary' : 'border-transparent text-muted hover:text-fg',
                )
              }
            >
              {tab.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
