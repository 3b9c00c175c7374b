'use client';

import type { Environment, WebhookEndpoint } from '@payos/contracts';
import { Badge, Button, Dialog } from '@payos/ui';
import { ConfirmAction } from '@/components/confirm-action';
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

/** Sends an endpoint a test event (ping): harmless, so it does not ask first. */
export function useSendTest(env: Environment) {
  const { test } = useWebhookMutations(env);
  return {
    pending: test.isPending,
    send: (e: WebhookEndpoint) =>
      test.mutate(e.id, {
        onSuccess: () => toast('Test event (ping) queued; it shows in the delivery log once sent.', 'success'),
        onError: (error) => toast(errorMessage(error), 'error'),
      }),
  };
}

/**
 * The manage actions of an endpoint (owner and admin): send a test ping, enable, and — each asking
 * first, in the dashboard's confirmation — disable, rotate the secret (`onSecret` reveals the new one)
 * and delete (`onDeleted`). `look` is `row` in the list's table, `page` on the endpoint's page.
 */
export function EndpointActions({
  env,
  endpoint: e,
  look,
  onSecret,
  onDeleted,
}: {
  env: Environment;
  endpoint: WebhookEndpoint;
  look: 'row' | 'page';
  onSecret: (revealed: { title: string; secret: string }) => void;
  onDeleted?: () => void;
}) {
  const m = useWebhookMutations(env);
  const test = useSendTest(env);
  const pending = test.pending || m.update.isPending || m.rotate.isPending || m.remove.isPending;
  const button = { variant: look === 'row' ? 'ghost' : 'outline', size: look === 'row' ? 'sm' : 'md', disabled: pending } as const;
  return (
    <>
      <Button {...button} disabled={pending || e.status !== 'enabled'} onClick={() => test.send(e)}>
        Send test
      </Button>
      {e.status === 'enabled' ? (
        <ConfirmAction
          title="Disable this endpoint?"
          description={`No events are sent to ${e.url} until you enable it again.`}
          confirmLabel="Disable endpoint"
          busyLabel="Disabling…"
          onConfirm={() => m.update.mutateAsync({ id: e.id, body: { status: 'disabled' } })}
          success="Endpoint disabled."
          trigger={(open) => (
            <Button {...button} onClick={open}>
              Disable
            </Button>
          )}
        />
      ) : (
        <Button
          {...button}
          onClick={() =>
            m.update.mutate(
              { id: e.id, body: { status: 'enabled' } },
              { onSuccess: () => toast('Endpoint enabled.', 'success'), onError: (error) => toast(errorMessage(error), 'error') },
            )
          }
        >
          Enable
        </Button>
      )}
      <ConfirmAction
        title="Rotate the signing secret?"
        description={`${e.url} gets a new signing secret, shown once. The old secret keeps signing alongside the new one for 24 hours: switch your verification to the new one before then.`}
        confirmLabel="Rotate secret"
        busyLabel="Rotating…"
        onConfirm={() => m.rotate.mutateAsync(e.id)}
        onSuccess={(next) => onSecret({ title: 'New signing secret', secret: next.secret })}
        trigger={(open) => (
          <Button {...button} onClick={open}>
            Rotate secret
          </Button>
        )}
      />
      <ConfirmAction
        title="Delete this endpoint?"
        description={`${e.url} is deleted with its pending deliveries and its delivery log. This cannot be undone.`}
        confirmLabel="Delete endpoint"
        busyLabel="Deleting…"
        onConfirm={() => m.remove.mutateAsync(e.id)}
        success="Endpoint deleted."
        onSuccess={() => onDeleted?.()}
        trigger={(open) => (
          <Button {...button} className="text-red-600 dark:text-red-400" onClick={open}>
            Delete
          </Button>
        )}
      />
    </>
  );
}
