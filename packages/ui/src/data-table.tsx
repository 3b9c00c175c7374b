import { type ColumnDef, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { cn } from './cn';
import { Table, TBody, Td, Th, THead, Tr } from './table';

export type { ColumnDef } from '@tanstack/react-table';

/** Per-column presentation, carried in `meta` of a column definition. */
export type ColumnMeta = { align?: 'left' | 'right'; className?: string };

/**
 * A headless TanStack Table rendered with the house table styles. Data arrives already filtered,
 * sorted and paged by the API, so the table only lays out columns; rows may be clickable.
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
  return (
    <Table aria-busy={busy || undefined}>
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
                <Td key={cell.id} className={cn(meta.align === 'right' && 'text-right', meta.className)}>
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
