/** The browser tab's title for a page: "Registries - Berth". */
import { useEffect } from 'react';

export function usePageTitle(title: string) {
  useEffect(() => {
    const before = document.title;
    document.title = `${title} - Berth`;
    return () => {
      document.title = before;
    };
  }, [title]);
}
