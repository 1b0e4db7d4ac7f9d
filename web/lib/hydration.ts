/**
 * Whether React has taken over the page: false while the server renders (web/entry-server.tsx)
 * and while the browser hydrates that markup, true in every later render (and from the first
 * render of a page the browser draws itself).
 */
import { useSyncExternalStore } from 'react';

const neverChanges = () => () => undefined;

export const useHydrated = (): boolean =>
  useSyncExternalStore(
    neverChanges,
    () => true,
    () => false,
  );
