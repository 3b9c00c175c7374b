'use client';

import { useLayoutEffect, useRef } from 'react';

/**
 * Gives the focus back to what opened a dialog when it closes. Radix returns it to its own Trigger,
 * but our dialogs open from state or the URL without one, so Radix would leave the focus on <body>
 * and a keyboard user would start again from the top of the page. The element that has the focus as
 * `open` turns true is remembered — in a layout effect, before the content mounts and an `autoFocus`
 * field takes the focus — and focused again on close if it is still on the page. Spread the result on
 * a Radix Content.
 */
export function useReturnFocus(open: boolean) {
  const opener = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    if (!open) return;
    const active = document.activeElement;
    opener.current = active instanceof HTMLElement && active !== document.body ? active : null;
  }, [open]);
  return {
    onCloseAutoFocus: (event: Event) => {
      const element = opener.current;
      opener.current = null;
      if (!element?.isConnected) return;
      event.preventDefault();
      element.focus();
    },
  };
}
