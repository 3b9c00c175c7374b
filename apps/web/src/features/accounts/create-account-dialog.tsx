'use client';

import { createAccountBodySchema } from '@payos/contracts';
import { Dialog, DialogActions, Field, Input, Select } from '@payos/ui';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { useEnvironment } from '@/lib/environment';
import { fieldMessage } from '@/lib/error-words';
import { errorMessage, type FieldError, PayOSError } from '@/lib/payos';
import { toast } from '@/lib/toast';
import { CountrySelect } from './country-select';
import { formError } from './form-error';
import { useCreateAccount } from './queries';

export function CreateAccountDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const env = useEnvironment();
  const router = useRouter();
  const create = useCreateAccount(env);
  const t = useTranslations('accounts.create');
  const [error, setError] = useState<FieldError | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    // The API's own request schema: a bad field is named here before a round trip.
    const body = createAccountBodySchema.safeParse({
      type: form.type,
      name: form.name ?? '',
      ...(form.email ? { email: form.email } : {}),
      ...(form.country ? { country: form.country } : {}),
    });
    if (!body.success) {
      setError(formError(body.error.issues));
      return;
    }
    setError(null);
    create.mutate(body.data, {
      onSuccess: (account) => {
        toast(t('created', { name: account.name }), 'success');
        onOpenChange(false);
        router.push(`/accounts/${account.id}`);
      },
      onError: (e) => (e instanceof PayOSError ? setError(e) : toast(errorMessage(e), 'error')),
    });
  }
  const fieldError = (param: string) => (error?.param === param ? fieldMessage(error) : undefined);

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={t('title')} description={t('description')}>
      <form className="grid gap-4" onSubmit={submit}>
        <Field id="account-type" label={t('type')}>
          <Select id="account-type" name="type" defaultValue="business">
            <option value="business">{t('business')}</option>
            <option value="person">{t('person')}</option>
          </Select>
        </Field>
        <Field id="account-name" label={t('name')} error={fieldError('name')}>
          <Input id="account-name" name="name" required maxLength={200} autoFocus />
        </Field>
        <Field id="account-email" label={t('email')} error={fieldError('email')}>
          <Input id="account-email" name="email" type="email" maxLength={254} />
        </Field>
        <Field id="account-country" label={t('country')} hint={t('countryHint')} error={fieldError('country')}>
          <CountrySelect id="account-country" name="country" invalid={Boolean(fieldError('country'))} />
        </Field>
        {error && !['name', 'email', 'country'].includes(error.param ?? '') ? (
          <p role="alert" className="text-sm text-red-600 dark:text-red-400">
            {error.message}
          </p>
        ) : null}
        <DialogActions onCancel={() => onOpenChange(false)} label={t('submit')} busyLabel={t('creating')} busy={create.isPending} />
      </form>
    </Dialog>
  );
}
