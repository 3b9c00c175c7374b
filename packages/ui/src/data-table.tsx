import { type ColumnDef, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { cn } from './cn';
import { type MobileRole, Table, TBody, Td, THead, Th, Tr } from './table';

export type { ColumnDef } from '@tanstack/react-table';

/**
 * Per-column presentation, carried in `meta` of a column definition. `mobile` places the column's
 * cells in the card each row becomes below `sm` (see `MobileRole`; default `secondary`).
 */
export type ColumnMeta = { align?: 'left' | 'right'; className?: string; mobile?: MobileRole };

/**
 * A headless TanStack Table rendered with the house table styles. Data arrives already filtered,
 * sorted and paged by the API, so the table only lays out columns; rows may be clickable. Below `sm`
 * the rows stack into cards, laid out by each column's `meta.mobile`.
 */
export function DataTable<T>({
  columns,
  data,
  getRowId,
  onRowClick,
  busy,
}: {
  columns: ColumnDef<T, unknown>[];
  data: T[];
  getRowId: (row: T) => string;
  onRowClick?: (row: T) => void;
  busy?: boolean;
}) {
  const table = useReactTable({ data, columns, getRowId: (row) => getRowId(row), getCoreRowModel: getCoreRowModel() });
  const metaOf = (meta: unknown) => (meta ?? {}) as ColumnMeta;
  const hasAmount = columns.some((column) => metaOf(column.meta).mobile === 'amount');
  return (
    <Table aria-busy={busy || undefined} stacked hasAmount={hasAmount}>
      <THead>
        {table.getHeaderGroups().map((group) => (
          <Tr key={group.id}>
            {group.headers.map((header) => (
              <Th key={header.id} className={cn(metaOf(header.column.columnDef.meta).align === 'right' && 'text-right')}>
                {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
              </Th>
            ))}
          </Tr>
        ))}
      </THead>
      <TBody>
        {table.getRowModel().rows.map((row) => (
          <Tr
            key={row.id}
            className={cn(onRowClick && 'cursor-pointer hover:bg-muted/50')}
            onClick={onRowClick ? () => onRowClick(row.original) : undefined}
          >
            {row.getVisibleCells().map((cell) => {
              const meta = metaOf(cell.column.columnDef.meta);
              return (
                <Td key={cell.id} mobile={meta.mobile} className={cn(meta.align === 'right' && 'text-right', meta.className)}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </Td>
              );
            })}
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
