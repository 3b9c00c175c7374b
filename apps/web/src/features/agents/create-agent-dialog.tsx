'use client';

import { AGENT_TYPES, createAgentBodySchema } from '@payos/contracts';
import { Button, Dialog, DialogActions, Field, Input, Select } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { Refusal } from '@/components/refusal';
import { SecretReveal } from '@/components/secret-reveal';
import { accountsQuery } from '@/features/accounts/queries';
import { useEnvironment } from '@/lib/environment';
import { fieldMessage } from '@/lib/error-words';
import { errorMessage, type FieldError, PayOSError } from '@/lib/payos';
import { useAgentMutations } from './queries';

export function CreateAgentDialog({
  open,
  onOpenChange,
  defaultAccountId,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  defaultAccountId?: string;
}) {
  const env = useEnvironment();
  const t = useTranslations('agents.create');
  const tt = useTranslations('agents.type');
  const accounts = useQuery({ ...accountsQuery(env, { type: 'business' }), enabled: open });
  const { create } = useAgentMutations(env);
  const [error, setError] = useState<FieldError | null>(null);
  const [created, setCreated] = useState<{ id: string; name: string; token: string } | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    const limits = Object.fromEntries(['perTransaction', 'daily', 'monthly'].filter((k) => form[k]).map((k) => [k, form[k]]));
    // Checked with the API's own request schema: a malformed limit or an over-long name is named on
    // its field before any request.
    const checked = createAgentBodySchema.safeParse({
      accountId: form.accountId,
      name: form.name,
      type: form.type,
      ...(form.description ? { description: form.description } : {}),
      ...(Object.keys(limits).length ? { limits } : {}),
    });
    if (!checked.success) {
      const issue = checked.error.issues[0];
      setError({ message: issue?.message ?? t('invalid'), param: issue?.path.join('.') || undefined });
      return;
    }
    setError(null);
    create.mutate(checked.data, {
      onSuccess: (a) => setCreated({ id: a.id, name: a.name, token: a.token }),
      onError: (e) => setError(e instanceof PayOSError ? e : { message: errorMessage(e) }),
    });
  }
  const close = (o: boolean) => {
    if (!o) setCreated(null);
    onOpenChange(o);
  };
  const fieldError = (param: string) => (error?.param?.startsWith(param) ? fieldMessage(error) : undefined);

  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title={created ? t('created', { name: created.name }) : t('title')}
      description={created ? undefined : t('description')}
    >
      {created ? (
        <div className="grid gap-4">
          <SecretReveal label={t('token')} value={created.token} />
          <p className="text-sm text-muted-foreground">{t('verifyFirst')}</p>
          <div className="flex justify-end">
            <Button asChild>
              <a href={`/agents/${created.id}`}>{t('open')}</a>
            </Button>
          </div>
        </div>
      ) : (
        <form className="grid gap-4" onSubmit={submit}>
          <Field
            id="agent-account"
            label={t('account')}
            error={fieldError('accountId') ?? (error?.code === 'invalid_account_type' ? error.message : undefined)}
          >
            <Select id="agent-account" name="accountId" defaultValue={defaultAccountId ?? ''} required>
              <option value="" disabled>
                {t('chooseAccount')}
              </option>
              {accounts.data?.data.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="agent-name" label={t('name')} error={fieldError('name')}>
            <Input id="agent-name" name="name" required maxLength={200} placeholder={t('namePlaceholder')} />
          </Field>
          <Field id="agent-type" label={t('type')}>
            <Select id="agent-type" name="type" defaultValue="payment">
              {AGENT_TYPES.map((type) => (
                <option key={type} value={type}>
                  {tt(type)}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="agent-description" label={t('descriptionLabel')} error={fieldError('description')}>
            <Input id="agent-description" name="description" maxLength={1000} />
          </Field>
          <fieldset className="grid grid-cols-3 gap-2">
            <legend className="mb-1 text-sm font-medium">{t('limits')}</legend>
            {(['perTransaction', 'daily', 'monthly'] as const).map((k) => (
              <Field key={k} id={`agent-${k}`} label={t(k)} error={fieldError(`limits.${k}`)}>
                <Input id={`agent-${k}`} name={k} inputMode="decimal" placeholder="—" />
              </Field>
            ))}
          </fieldset>
          {error && !error.param ? <Refusal error={error} /> : null}
          <DialogActions onCancel={() => close(false)} label={t('submit')} busyLabel={t('creating')} busy={create.isPending} />
        </form>
      )}
    </Dialog>
  );
}
