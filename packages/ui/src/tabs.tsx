import { Tabs as T } from 'radix-ui';
import type { ReactNode } from 'react';

/**
 * Radix Tabs (arrow keys move between tabs). Panels mount only while active, so a tab's data is
 * fetched when it is first opened — and kept in the query cache after that.
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
  return (
    <T.Root value={value} onValueChange={onValueChange} className="grid grid-cols-1 gap-4">
      <T.List className="flex gap-1 overflow-x-auto border-b border-border" aria-label="Sections">
        {tabs.map((tab) => (
          <T.Trigger
            key={tab.value}
            value={tab.value}
            className="-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium text-muted-foreground hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring data-[state=active]:border-primary data-[state=active]:text-foreground"
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
