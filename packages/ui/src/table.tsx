'use client';

import {
  createContext,
  type HTMLAttributes,
  type TdHTMLAttributes,
  type ThHTMLAttributes,
  useContext,
  useEffect,
  useRef,
  useState,
} from 'react';
import { cn } from './cn';
import { useUiLabels } from './labels';

/**
 * Where a cell goes when a `stacked` table turns each row into a card below `sm` (640 px):
 * `primary` (the description or name) top left, `amount` top right, `status` right under the amount
 * (top right when the row has no amount), `secondary` (the default) in small muted lines under the
 * primary text, `end` on the right under the status (a row's action), `hidden` not shown on a phone.
 * At `sm` and wider the table is the same table as without it.
 */
export type MobileRole = 'primary' | 'amount' | 'status' | 'secondary' | 'end' | 'hidden';

type Stacking = { isStacked: boolean; hasAmount: boolean };
const StackingContext = createContext<Stacking>({ isStacked: false, hasAmount: false });

/**
 * A table in a box that scrolls sideways. While its columns overflow the box (a narrow screen), the
 * box is a named region in the tab order, so the arrow keys can scroll it (WCAG 2.1.1; axe's
 * scrollable-region-focusable); while everything fits it is no tab stop. `label` names the region.
 *
 * `stacked`: below `sm` each row is a small grid instead (see `MobileRole`), the header row is kept
 * for screen readers only, and the elements carry their table roles explicitly, since some browsers
 * drop a table's semantics once its rows are displayed as grids. `hasAmount: false` lifts the status
 * to the first line of a row that has no amount cell.
 */
export function Table({
  className,
  label,
  stacked = false,
  hasAmount = true,
  ...props
}: HTMLAttributes<HTMLTableElement> & { label?: string; stacked?: boolean; hasAmount?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const labels = useUiLabels();
  const [isScrollable, setIsScrollable] = useState(false);
  useEffect(() => {
    const element = box.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const measure = () => setIsScrollable(element.scrollWidth > element.clientWidth + 1);
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    // The table itself too: rows arriving widen its columns without resizing the box.
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <StackingContext.Provider value={{ isStacked: stacked, hasAmount }}>
      <div
        ref={box}
        className="w-full overflow-x-auto rounded-md focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        {...(isScrollable ? { tabIndex: 0, role: 'region', 'aria-label': label ?? labels.tableScrolls } : {})}
      >
        <table
          className={cn('w-full caption-bottom text-sm', stacked && 'max-sm:block', className)}
          {...(stacked ? { role: 'table' } : {})}
          {...props}
        />
      </div>
    </StackingContext.Provider>
  );
}
export function THead({ className, ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  const { isStacked } = useContext(StackingContext);
  return (
    <thead
      className={cn('border-b border-border', isStacked && 'max-sm:sr-only', className)}
      {...(isStacked ? { role: 'rowgroup' } : {})}
      {...props}
    />
  );
}
export function TBody({ className, ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  const { isStacked } = useContext(StackingContext);
  return (
    <tbody
      className={cn('[&_tr:last-child]:border-0', isStacked && 'max-sm:block', className)}
      {...(isStacked ? { role: 'rowgroup' } : {})}
      {...props}
    />
  );
}
export function Tr({ className, ...props }: HTMLAttributes<HTMLTableRowElement>) {
  const { isStacked } = useContext(StackingContext);
  return (
    <tr
      className={cn(
        'border-b border-border transition-colors',
        isStacked &&
          'max-sm:grid max-sm:grid-cols-[minmax(0,1fr)_auto] max-sm:items-center max-sm:gap-x-3 max-sm:gap-y-1 max-sm:px-3 max-sm:py-2.5',
        className,
      )}
      {...(isStacked ? { role: 'row' } : {})}
      {...props}
    />
  );
}
export function Th({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  const { isStacked } = useContext(StackingContext);
  return (
    <th
      className={cn('h-10 px-3 text-left align-middle text-xs font-medium text-muted-foreground whitespace-nowrap', className)}
      {...(isStacked ? { role: 'columnheader' } : {})}
      {...props}
    />
  );
}

const STACKED_CELL = 'max-sm:block max-sm:min-w-0 max-sm:max-w-none max-sm:p-0';
function mobileClasses(role: MobileRole, hasAmount: boolean): string {
  switch (role) {
    case 'primary':
      return `${STACKED_CELL} max-sm:col-start-1 max-sm:row-start-1 max-sm:text-left`;
    case 'amount':
      return `${STACKED_CELL} max-sm:col-start-2 max-sm:row-start-1 max-sm:text-right max-sm:font-medium`;
    case 'status':
      return cn(
        STACKED_CELL,
        'max-sm:col-start-2 max-sm:justify-self-end max-sm:text-right',
        hasAmount ? 'max-sm:row-start-2' : 'max-sm:row-start-1',
      );
    case 'end':
      return `${STACKED_CELL} max-sm:col-start-2 max-sm:justify-self-end max-sm:text-right`;
    case 'hidden':
      return 'max-sm:hidden';
    default:
      return `${STACKED_CELL} max-sm:col-start-1 max-sm:text-left max-sm:text-xs max-sm:text-muted-foreground`;
  }
}

/** A cell; in a `stacked` table, `mobile` says where it goes on a phone (default `secondary`). */
export function Td({ className, mobile = 'secondary', ...props }: TdHTMLAttributes<HTMLTableCellElement> & { mobile?: MobileRole }) {
  const { isStacked, hasAmount } = useContext(StackingContext);
  return (
    <td
      className={cn('px-3 py-2.5 align-middle', isStacked && mobileClasses(mobile, hasAmount), className)}
      {...(isStacked ? { role: 'cell' } : {})}
      {...props}
    />
  );
}
