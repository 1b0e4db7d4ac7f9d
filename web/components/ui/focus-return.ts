/**
 * Which control opened a dialog: the focused element, or, when focus sits in a menu (a row's
 * "..." menu, about to close), the button that opened the menu. The last focused element outside
 * any overlay is the fallback for a dialog whose opener did not take focus (a mouse click in Safari).
 */
const OVERLAYS = '[role="menu"],[role="dialog"],[role="alertdialog"],[role="listbox"]';

let lastOutside: HTMLElement | null = null;

if (typeof document !== 'undefined') {
  document.addEventListener(
    'focusin',
    (event) => {
      if (event.target instanceof HTMLElement && !event.target.closest(OVERLAYS)) lastOutside = event.target;
    },
    true,
  );
}

export function openerOfFocus(): HTMLElement | null {
  const active = document.activeElement;
  if (!(active instanceof HTMLElement) || active === document.body) return lastOutside?.isConnected ? lastOutside : null;
  const menu = active.closest<HTMLElement>('[role="menu"]');
  if (menu?.id) {
    const trigger = document.querySelector<HTMLElement>(`[aria-controls="${CSS.escape(menu.id)}"]`);
    if (trigger) return trigger;
  }
  if (!active.closest(OVERLAYS)) return active;
  return lastOutside?.isConnected ? lastOutside : null;
}
