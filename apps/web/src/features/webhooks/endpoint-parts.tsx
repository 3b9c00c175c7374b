'use client';

import type { Environment, WebhookEndpoint } from '@payos/contracts';
import { Badge, Button, Dialog } from '@payos/ui';
import { SecretReveal } from '@/components/secret-reveal';
import { dateTime } from '@/lib/format';
import { errorMessage } from '@/lib/payos';
import { toast } from '@/lib/toast';
import { useWebhookMutations } from './queries';

/** Enabled; failing (still enabled, retrying); disabled by a user or by PayOS after 3 days of failures. */
export function EndpointStatus({ endpoint }: { endpoint: WebhookEndpoint }) {
  if (endpoint.status === 'disabled')
    return (
      <Badge tone={endpoint.disabledReason === 'failing' ? 'red' : 'neutral'}>
        {endpoint.disabledReason === 'failing' ? 'disabled — failing' : 'disabled'}
      </Badge>
    );
  if (endpoint.failingSince)
    return (
      <span className="inline-flex flex-col gap-0.5">
        <Badge tone="amber">failing</Badge>
        <span className="text-xs text-muted-foreground">since {dateTime(endpoint.failingSince)}</span>
      </span>
    );
  return <Badge tone="green">enabled</Badge>;
}

export function EnabledEvents({ events, max = 3 }: { events: string[]; max?: number }) {
  const shown = events.slice(0, max);
  return (
    <span className="flex flex-wrap gap-1">
      {shown.map((e) => (
        <code key={e} className="rounded bg-muted px-1.5 py-0.5 text-xs">
          {e}
        </code>
      ))}
      {events.length > max ? <span className="text-xs text-muted-foreground">+{events.length - max} more</span> : null}
    </span>
  );
}

/** The signing secret, shown once after create or rotate. */
export function SecretDialog({ revealed, onClose }: { revealed: { title: string; secret: string } | null; onClose: () => void }) {
  return (
    <Dialog open={Boolean(revealed)} onOpenChange={(o) => !o && onClose()} title={revealed?.title ?? 'Signing secret'}>
      {revealed ? (
        <SecretReveal
          label="Signing secret"
          value={revealed.secret}
          note="You won't see it again: PayOS keeps it encrypted and never shows it after this. Verify each delivery's webhook-signature with it."
        />
      ) : null}
      <div className="flex justify-end">
        <Button onClick={onClose}>I have stored it</Button>
      </div>
    </Dialog>
  );
}

/**
 * The manage actions of an endpoint (owner and admin): send a test ping, enable or disable, rotate
 * the secret (`onSecret` reveals the new one), delete (`onDeleted`). Each asks before it acts when it
 * cannot be undone.
 */
export function useEndpointActions(env: Environment) {
  const m = useWebhookMutations(env);
  const fail = (e: unknown) => toast(errorMessage(e), 'error');
  return {
    pending: m.test.isPending || m.update.isPending || m.rotate.isPending || m.remove.isPending,
    test: (e: WebhookEndpoint) =>
      m.test.mutate(e.id, {
        onSuccess: () => toast('Test event (ping) queued; it shows in the delivery log once sent.', 'success'),
        onError: fail,
      }),
    toggle: (e: WebhookEndpoint) => {
      const status = e.status === 'enabled' ? 'disabled' : 'enabled';
      if (status === 'disabled' && !window.confirm(`Disable ${e.url}? No events are sent to it until you enable it again.`)) return;
      m.update.mutate(
        { id: e.id, body: { status } },
        { onSuccess: () => toast(status === 'enabled' ? 'Endpoint enabled.' : 'Endpoint disabled.', 'success'), onError: fail },
      );
    },
    rotate: (e: WebhookEndpoint, onSecret: (revealed: { title: string; secret: string }) => void) =>
      window.confirm(`Rotate the signing secret of ${e.url}? The old secret keeps signing alongside the new one for 24 hours.`) &&
      m.rotate.mutate(e.id, { onSuccess: (next) => onSecret({ title: 'New signing secret', secret: next.secret }), onError: fail }),
    remove: (e: WebhookEndpoint, onDeleted?: () => void) =>
      window.confirm(`Delete the endpoint ${e.url}? Its pending deliveries and delivery log go with it. This cannot be undone.`) &&
      m.remove.mutate(e.id, {
        onSuccess: () => {
          toast('Endpoint deleted.', 'success');
          onDeleted?.();
        },
        onError: fail,
      }),
  };
}
