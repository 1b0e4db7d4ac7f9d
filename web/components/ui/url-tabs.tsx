/**
 * Tabs inside one page whose choice lives in the query string (?tab=), so a tab can be shared
 * and the back button returns to the previous one (Radix Tabs: arrow keys, tab/tabpanel roles).
 * Only the open tab is mounted; switching drops the previous tab's list state (page, filter).
 */
import { clsx } from 'clsx';
import { Tabs } from 'radix-ui';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';

export interface UrlTab {
  value: string;
  label: ReactNode;
  content: ReactNode;
}

export function UrlTabs({ label, tabs, param = 'tab' }: { label: string; tabs: UrlTab[]; param?: string }) {
  const [search, setSearch] = useSearchParams();
  const current = tabs.find((t) => t.value === search.get(param))?.value ?? tabs[0]?.value;
  return (
    <Tabs.Root value={current} onValueChange={(value) => setSearch(new URLSearchParams({ [param]: value }))}>
      {/* Tabs that do not fit a narrow screen scroll sideways inside their row, not the page. A
          scrolling row clips what reaches past its padding, so its bottom line is an inset shadow
          the active tab's underline covers, not a border the underline overlaps. */}
      <Tabs.List aria-label={label} className="mb-4 flex gap-1 overflow-x-auto whitespace-nowrap shadow-[inset_0_-1px_0_var(--color-border)]">
        {tabs.map((tab) => (
          <Tabs.Trigger
            key={tab.value}
            value={tab.value}
            className={clsx(
              'inline-flex shrink-0 items-center gap-1.5 border-b-2 px-3 py-2 text-sm whitespace-nowrap',
              'data-[state=active]:border-primary data-[state=active]:font-medium data-[state=active]:text-primary',
              'data-[state=inactive]:border-transparent data-[state=inactive]:text-muted data-[state=inactive]:hover:text-fg',
            )}
          >
            {tab.label}
          </Tabs.Trigger>
        ))}
      </Tabs.List>
      {tabs.map((tab) => (
        <Tabs.Content key={tab.value} value={tab.value} className="focus-visible:outline-none">
          {tab.content}
        </Tabs.Content>
      ))}
    </Tabs.Root>
  );
}
