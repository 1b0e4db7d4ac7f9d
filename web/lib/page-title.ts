/**
 * The browser tab's title for a page: "Registries - Berth". Set after the page renders, so a
 * title the router sets from the address on navigation is refined by the page (a rule's name).
 * No restore on unmount: the next page's own title is already set by then.
 */
import { useEffect } from 'react';

export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = `${title} - Berth`;
  }, [title]);
}
