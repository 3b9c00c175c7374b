'use client';

import {
  createWebhookEndpointBodySchema,
  type Environment,
  updateWebhookEndpointBodySchema,
  type WebhookEndpoint,
  type WebhookEndpointWithSecret,
} from '@payos/contracts';
import { Dialog, DialogActions, Field, Input } from '@payos/ui';
import { useTranslations } from 'next-intl';
import { type FormEvent, useEffect, useState } from 'react';
import { fieldMessage } from '@/lib/error-words';
import { errorMessage, PayOSError } from '@/lib/payos';
import { toast } from '@/lib/toast';
import { EventPicker } from './event-picker';
import { useWebhookMutations } from './queries';

type Errors = Partial<Record<'url' | 'description' | 'enabledEvents', string>>;

/** The fields whose refusal has its own message (`webhooks.form.errors`). */
const FIELDS: readonly (keyof Errors)[] = ['url', 'description', 'enabledEvents'];

/**
 * Creates an endpoint (`endpoint` absent; `onCreated` receives it with its secret, shown once) or edits
 * one's URL, description and events. Checked against the contract's schema first; the API's refusals
 * (an address it will not deliver to, say) are shown next to the field they name.
 */
export function EndpointFormDialog({
  env,
  open,
  onOpenChange,
  endpoint,
  onCreated,
}: {
  env: Environment;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  endpoint?: WebhookEndpoint;
  onCreated?: (endpoint: WebhookEndpointWithSecret) => void;
}) {
  const { create, update } = useWebhookMutations(env);
  const t = useTranslations('webhooks.form');
  const [events, setEvents] = useState<string[]>(endpoint?.enabledEvents ?? []);
  const [errors, setErrors] = useState<Errors>({});

  useEffect(() => {
    if (open) {
      setEvents(endpoint?.enabledEvents ?? []);
      setErrors({});
    }
  }, [open, endpoint]);

  const onError = (e: unknown) => {
    const param = e instanceof PayOSError ? e.param?.split('.')[0] : undefined;
    if (e instanceof PayOSError && (param === 'url' || param === 'description' || param === 'enabledEvents'))
      setErrors({ [param]: fieldMessage(e) });
    else toast(errorMessage(e), 'error');
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    const input = { url: form.url ?? '', enabledEvents: events, description: form.description?.trim() || undefined };
    const invalid = (issues: readonly { path: readonly PropertyKey[]; message: string }[]) => {
      const field = issues[0]?.path[0] as keyof Errors | undefined;
      setErrors(field && FIELDS.includes(field) ? { [field]: t(`errors.${field}`) } : { url: issues[0]?.message });
    };
    if (endpoint) {
      const parsed = updateWebhookEndpointBodySchema.safeParse({ ...input, description: input.description ?? null });
      if (!parsed.success) return invalid(parsed.error.issues);
      setErrors({});
      update.mutate(
        { id: endpoint.id, body: parsed.data },
        {
          onSuccess: () => {
            onOpenChange(false);
            toast(t('updated'), 'success');
          },
          onError,
        },
      );
    } else {
      const parsed = createWebhookEndpointBodySchema.safeParse(input);
      if (!parsed.success) return invalid(parsed.error.issues);
      setErrors({});
      create.mutate(parsed.data, {
        onSuccess: (created) => {
          onOpenChange(false);
          onCreated?.(created);
        },
        onError,
      });
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={endpoint ? t('editTitle') : t('addTitle')}>
      <form className="grid gap-4" onSubmit={submit} noValidate>
        <Field id="endpoint-url" label={t('url')} hint={t('urlHint')} error={errors.url}>
          <Input
            id="endpoint-url"
            name="url"
            type="url"
            required
            autoFocus
            maxLength={2048}
            placeholder="https://hooks.example.com/payos"
            defaultValue={endpoint?.url}
            aria-invalid={Boolean(errors.url) || undefined}
          />
        </Field>
        <Field id="endpoint-description" label={t('description')} error={errors.description}>
          <Input
            id="endpoint-description"
            name="description"
            maxLength={500}
            placeholder={t('descriptionPlaceholder')}
            defaultValue={endpoint?.description ?? ''}
            aria-invalid={Boolean(errors.description) || undefined}
          />
        </Field>
        <div className="grid gap-1.5">
          <p className="text-sm font-medium">{t('eventsToSend')}</p>
          <EventPicker value={events} onChange={setEvents} invalid={Boolean(errors.enabledEvents)} />
          {errors.enabledEvents ? (
            <p role="alert" className="text-xs text-red-600 dark:text-red-400">
              {errors.enabledEvents}
            </p>
          ) : null}
        </div>
        <DialogActions
          onCancel={() => onOpenChange(false)}
          label={endpoint ? t('save') : t('addTitle')}
          busyLabel={t('saving')}
          busy={create.isPending || update.isPending}
        />
      </form>
    </Dialog>
  );
}
