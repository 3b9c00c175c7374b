import type { Transfer } from '@payos/contracts';

/**
 * Who a transfer pays, as the API names it: the receiving account's name, or a payment method's holder
 * with its label (or rail) and last four — "Maria Garcia / BBVA México ••••9719". No lookup per row.
 */
export function Recipient({ transfer: t }: { transfer: Pick<Transfer, 'recipient'> }) {
  const r = t.recipient;
  if (!r) return <span className="text-muted-foreground">—</span>;
  return (
    <span className="block min-w-0" data-testid="transfer-recipient">
      <span className="block truncate">{r.name}</span>
      {r.detail ? <span className="block truncate text-xs text-muted-foreground">{r.detail}</span> : null}
    </span>
  );
}
