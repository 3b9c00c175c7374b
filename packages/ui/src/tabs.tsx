'use client';

import { Tabs as T } from 'radix-ui';
import { type ReactNode, useEffect, useRef } from 'react';
import { useUiLabels } from './labels';

/**
 * Radix Tabs (arrow keys move between tabs). Panels mount only while active, so a tab's data is
 * fetched when it is first opened — and kept in the query cache after that.
 *
 * A tab list wider than the screen scrolls sideways on one line instead of wrapping or being cut
 * off, and the active tab is scrolled into the list's view whenever it changes.
 */
export function Tabs({
  value,
  onValueChange,
  tabs,
}: {
  value: string;
  onValueChange: (value: string) => void;
  tabs: { value: string; label: string; content: () => ReactNode }[];
}) {
  const list = useRef<HTMLDivElement>(null);
  const labels = useUiLabels();
  useEffect(() => {
    const element = list.current;
    const active = element?.querySelector<HTMLElement>(`[data-tab="${CSS.escape(value)}"]`);
    if (!element || !active) return;
    // Only the list scrolls (not the page, as scrollIntoView would). The list is `relative`, so it
    // is the tab's offsetParent and offsetLeft counts from its start, whatever it is scrolled to.
    const left = active.offsetLeft;
    const right = left + active.offsetWidth;
    if (left < element.scrollLeft) element.scrollLeft = left;
    else if (right > element.scrollLeft + element.clientWidth) element.scrollLeft = right - element.clientWidth;
  }, [value]);
  return (
    <T.Root value={value} onValueChange={onValueChange} className="grid grid-cols-1 gap-4">
      <T.List
        ref={list}
        className="relative flex gap-1 overflow-x-auto overscroll-x-contain border-b border-border [scrollbar-width:thin]"
        aria-label={labels.sections}
      >
        {tabs.map((tab) => (
          <T.Trigger
            key={tab.value}
            value={tab.value}
            data-tab={tab.value}
            className="-mb-px shrink-0 whitespace-nowrap border-b-2 border-transparent px-3 py-2 text-sm font-medium text-muted-foreground hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring data-[state=active]:border-primary data-[state=active]:text-foreground"
          >
            {tab.label}
          </T.Trigger>
        ))}
      </T.List>
      {tabs.map((tab) => (
        <T.Content key={tab.value} value={tab.value} className="focus-visible:outline-none">
          {tab.value === value ? tab.content() : null}
        </T.Content>
      ))}
    </T.Root>
  );
}
