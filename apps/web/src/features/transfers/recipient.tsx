import type { Transfer } from '@payos/contracts';
import Link from 'next/link';

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

const linkClass = 'font-medium text-primary hover:underline';

/**
 * The recipient in a transfer's detail, linked: a receiving account to its page; a payment method to
 * the sending account's payment methods (whose it is), its detail under its holder's name.
 */
export function RecipientLink({ transfer: t }: { transfer: Pick<Transfer, 'recipient' | 'fromAccountId'> }) {
  const r = t.recipient;
  if (!r) return <span data-testid="transfer-to">—</span>;
  const href = r.type === 'account' ? `/accounts/${r.id}` : `/accounts/${t.fromAccountId}?tab=payment-methods`;
  return (
    <span data-testid="transfer-to">
      <Link href={href} className={linkClass}>
        {r.name}
      </Link>
      {r.detail ? <span className="block text-xs text-muted-foreground">{r.detail}</span> : null}
    </span>
  );
}

/** The sending account in a transfer's detail, by the name the transfer carries (`fallback` when it has none). */
export function SenderLink({
  transfer: t,
  fallback,
}: {
  transfer: Pick<Transfer, 'fromAccountId' | 'fromAccountName'>;
  fallback: React.ReactNode;
}) {
  return (
    <span data-testid="transfer-from">
      {t.fromAccountName ? (
        <Link href={`/accounts/${t.fromAccountId}`} className={linkClass}>
          {t.fromAccountName}
        </Link>
      ) : (
        fallback
      )}
    </span>
  );
}
