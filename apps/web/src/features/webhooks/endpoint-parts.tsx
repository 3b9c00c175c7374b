'use client';

import type { Environment, WebhookEndpoint } from '@payos/contracts';
import { Badge, Button, Dialog } from '@payos/ui';
import { useTranslations } from 'next-intl';
import { ConfirmAction } from '@/components/confirm-action';
import { SecretReveal } from '@/components/secret-reveal';
import { dateTime } from '@/lib/format';
import { errorMessage } from '@/lib/payos';
import { toast } from '@/lib/toast';
import { useWebhookMutations } from './queries';

/** Enabled; failing (still enabled, retrying); disabled by a user or by PayOS after 3 days of failures. */
export function EndpointStatus({ endpoint }: { endpoint: WebhookEndpoint }) {
  const t = useTranslations('webhooks.parts');
  if (endpoint.status === 'disabled')
    return (
      <Badge tone={endpoint.disabledReason === 'failing' ? 'red' : 'neutral'}>
        {endpoint.disabledReason === 'failing' ? t('disabledFailing') : t('disabled')}
      </Badge>
    );
  if (endpoint.failingSince)
    return (
      <span className="inline-flex flex-col gap-0.5">
        <Badge tone="amber">{t('failing')}</Badge>
        <span className="text-xs text-muted-foreground">{t('since', { at: dateTime(endpoint.failingSince) })}</span>
      </span>
    );
  return <Badge tone="green">{t('enabled')}</Badge>;
}

export function EnabledEvents({ events, max = 3 }: { events: string[]; max?: number }) {
  const t = useTranslations('webhooks.parts');
  const shown = events.slice(0, max);
  return (
    <span className="flex flex-wrap gap-1">
      {shown.map((e) => (
        <code key={e} className="rounded bg-muted px-1.5 py-0.5 text-xs">
          {e}
        </code>
      ))}
      {events.length > max ? <span className="text-xs text-muted-foreground">{t('more', { count: events.length - max })}</span> : null}
    </span>
  );
}

/** The signing secret, shown once after create or rotate. */
export function SecretDialog({ revealed, onClose }: { revealed: { title: string; secret: string } | null; onClose: () => void }) {
  const t = useTranslations('webhooks.parts');
  return (
    <Dialog open={Boolean(revealed)} onOpenChange={(o) => !o && onClose()} title={revealed?.title ?? t('signingSecret')}>
      {revealed ? <SecretReveal label={t('signingSecret')} value={revealed.secret} note={t('secretNote')} /> : null}
      <div className="flex justify-end">
        <Button onClick={onClose}>{t('stored')}</Button>
      </div>
    </Dialog>
  );
}

/** Sends an endpoint a test event (ping): harmless, so it does not ask first. */
export function useSendTest(env: Environment) {
  const { test } = useWebhookMutations(env);
  const t = useTranslations('webhooks.parts');
  return {
    pending: test.isPending,
    send: (e: WebhookEndpoint) =>
      test.mutate(e.id, {
        onSuccess: () => toast(t('testQueued'), 'success'),
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
  const t = useTranslations('webhooks.parts');
  const test = useSendTest(env);
  const pending = test.pending || m.update.isPending || m.rotate.isPending || m.remove.isPending;
  const button = { variant: look === 'row' ? 'ghost' : 'outline', size: look === 'row' ? 'sm' : 'md', disabled: pending } as const;
  return (
    <>
      <Button {...button} disabled={pending || e.status !== 'enabled'} onClick={() => test.send(e)}>
        {t('sendTest')}
      </Button>
      {e.status === 'enabled' ? (
        <ConfirmAction
          title={t('disableTitle')}
          description={t('disableDescription', { url: e.url })}
          confirmLabel={t('disableEndpoint')}
          busyLabel={t('disabling')}
          onConfirm={() => m.update.mutateAsync({ id: e.id, body: { status: 'disabled' } })}
          success={t('disabledToast')}
          trigger={(open) => (
            <Button {...button} onClick={open}>
              {t('disable')}
            </Button>
          )}
        />
      ) : (
        <Button
          {...button}
          onClick={() =>
            m.update.mutate(
              { id: e.id, body: { status: 'enabled' } },
              { onSuccess: () => toast(t('enabledToast'), 'success'), onError: (error) => toast(errorMessage(error), 'error') },
            )
          }
        >
          {t('enable')}
        </Button>
      )}
      <ConfirmAction
        title={t('rotateTitle')}
        description={t('rotateDescription', { url: e.url })}
        confirmLabel={t('rotateSecret')}
        busyLabel={t('rotating')}
        onConfirm={() => m.rotate.mutateAsync(e.id)}
        onSuccess={(next) => onSecret({ title: t('newSecret'), secret: next.secret })}
        trigger={(open) => (
          <Button {...button} onClick={open}>
            {t('rotateSecret')}
          </Button>
        )}
      />
      <ConfirmAction
        title={t('deleteTitle')}
        description={t('deleteDescription', { url: e.url })}
        confirmLabel={t('deleteEndpoint')}
        busyLabel={t('deleting')}
        onConfirm={() => m.remove.mutateAsync(e.id)}
        success={t('deletedToast')}
        onSuccess={() => onDeleted?.()}
        trigger={(open) => (
          <Button {...button} className="text-red-600 dark:text-red-400" onClick={open}>
            {t('delete')}
          </Button>
        )}
      />
    </>
  );
}
