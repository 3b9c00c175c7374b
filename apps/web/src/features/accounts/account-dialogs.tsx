'use client';

import {
  CURRENCY_CODES,
  createDepositBodySchema,
  createPaymentMethodBodySchema,
  type PaymentMethod,
  type Rail,
  railSchema,
} from '@payos/contracts';
import { Dialog, DialogActions, Field, Input, Select } from '@payos/ui';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { useEnvironment } from '@/lib/environment';
import { fieldMessage, plainMessage } from '@/lib/error-words';
import { errorMessage, type FieldError, PayOSError } from '@/lib/payos';
import { toast } from '@/lib/toast';
import { formError } from './form-error';
import { useAddPaymentMethod, useDeposit } from './queries';

/** Test-environment funding: a deposit from the simulated funding source. */
export function DepositDialog({
  accountId,
  open,
  onOpenChange,
}: {
  accountId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const env = useEnvironment();
  const deposit = useDeposit(env, accountId);
  const t = useTranslations('accounts.deposit');
  const [error, setError] = useState<string | null>(null);
  // One key per dialog opening: a double submit or a retry deposits once.
  const [idempotencyKey] = useState(() => crypto.randomUUID());

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    // The API's request schema checks the shape; the amount's places and range per currency stay the API's call.
    const body = createDepositBodySchema.safeParse({ accountId, amount: form.amount ?? '', currency: form.currency });
    if (!body.success) {
      setError(formError(body.error.issues).message);
      return;
    }
    setError(null);
    deposit.mutate(
      { amount: body.data.amount, currency: body.data.currency, idempotencyKey },
      {
        onSuccess: () => {
          toast(t('done', { amount: form.amount ?? '', currency: form.currency ?? '' }), 'success');
          onOpenChange(false);
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  }
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={t('title')} description={t('description')}>
      <form className="grid gap-4" onSubmit={submit}>
        <div className="grid grid-cols-3 gap-2">
          <div className="col-span-2">
            <Field id="deposit-amount" label={t('amount')} error={error ?? undefined}>
              <Input id="deposit-amount" name="amount" inputMode="decimal" placeholder="1000.00" required autoFocus />
            </Field>
          </div>
          <Field id="deposit-currency" label={t('currency')}>
            <Select id="deposit-currency" name="currency" defaultValue="USDC">
              {CURRENCY_CODES.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </Select>
          </Field>
        </div>
        <DialogActions onCancel={() => onOpenChange(false)} label={t('submit')} busyLabel={t('depositing')} busy={deposit.isPending} />
      </form>
    </Dialog>
  );
}

/** A details field: its label is the `accounts.paymentMethod.fields.<name>` message. */
type FieldKey =
  | 'clabe'
  | 'holderName'
  | 'keyType'
  | 'pixKey'
  | 'routingNumber'
  | 'accountNumber'
  | 'cbu'
  | 'bankCode'
  | 'accountType'
  | 'documentId'
  | 'address'
  | 'network';

/** Per rail: the details fields the API validates (CLABE, Pix key, ABA, CBU, Colombian bank, wallet). */
const RAIL_FIELDS: Record<Rail, { type: PaymentMethod['type']; fields: { name: FieldKey; options?: string[] }[] }> = {
  spei: {
    type: 'bank_account',
    fields: [{ name: 'clabe' }, { name: 'holderName' }],
  },
  pix: {
    type: 'bank_account',
    fields: [{ name: 'keyType', options: ['cpf', 'cnpj', 'email', 'phone', 'random'] }, { name: 'pixKey' }, { name: 'holderName' }],
  },
  ach: {
    type: 'bank_account',
    fields: [{ name: 'routingNumber' }, { name: 'accountNumber' }, { name: 'holderName' }],
  },
  cbu: {
    type: 'bank_account',
    fields: [{ name: 'cbu' }, { name: 'holderName' }],
  },
  cop_bank: {
    type: 'bank_account',
    fields: [
      { name: 'bankCode' },
      { name: 'accountNumber' },
      { name: 'accountType', options: ['savings', 'checking'] },
      { name: 'documentId' },
      { name: 'holderName' },
    ],
  },
  usdc: {
    type: 'wallet',
    fields: [{ name: 'address' }, { name: 'network', options: ['base', 'polygon', 'ethereum'] }],
  },
};

export function AddPaymentMethodDialog({
  accountId,
  open,
  onOpenChange,
}: {
  accountId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const env = useEnvironment();
  const add = useAddPaymentMethod(env, accountId);
  const t = useTranslations('accounts.paymentMethod');
  const [rail, setRail] = useState<Rail>('spei');
  const [error, setError] = useState<FieldError | null>(null);
  const spec = RAIL_FIELDS[rail];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    const details = Object.fromEntries(spec.fields.map((f) => [f.name, form[f.name] ?? '']));
    // The API's request schema (type, rail, label); each rail's details are validated by the API.
    const body = createPaymentMethodBodySchema.safeParse({ type: spec.type, rail, ...(form.label ? { label: form.label } : {}), details });
    if (!body.success) {
      setError(formError(body.error.issues));
      return;
    }
    setError(null);
    add.mutate(body.data, {
      onSuccess: () => {
        toast(t('added'), 'success');
        onOpenChange(false);
      },
      onError: (e) => (e instanceof PayOSError ? setError(e) : toast(errorMessage(e), 'error')),
    });
  }
  // The API names the failing field as details.<field>.
  const fieldError = (name: string) =>
    error && (error.param === `details.${name}` || error.param === name) ? fieldMessage(error) : undefined;

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={t('title')} description={t('description')}>
      <form className="grid gap-4" onSubmit={submit}>
        <Field id="pm-rail" label={t('rail')}>
          <Select
            id="pm-rail"
            value={rail}
            onChange={(e) => {
              const next = railSchema.safeParse(e.target.value);
              if (next.success) setRail(next.data);
            }}
          >
            {(Object.keys(RAIL_FIELDS) as Rail[]).map((value) => (
              <option key={value} value={value}>
                {t(`rails.${value}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="pm-label" label={t('label')} error={fieldError('label')}>
          <Input id="pm-label" name="label" maxLength={100} />
        </Field>
        {spec.fields.map((f) => (
          <Field key={`${rail}-${f.name}`} id={`pm-${f.name}`} label={t(`fields.${f.name}`)} error={fieldError(f.name)}>
            {f.options ? (
              <Select id={`pm-${f.name}`} name={f.name}>
                {f.options.map((o) => (
                  <option key={o} value={o}>
                    {o === 'savings' || o === 'checking' ? t(`options.${o}`) : o}
                  </option>
                ))}
              </Select>
            ) : (
              <Input id={`pm-${f.name}`} name={f.name} required />
            )}
          </Field>
        ))}
        {error && !['label', ...spec.fields.map((f) => f.name)].some((name) => fieldError(name)) ? (
          <p role="alert" className="text-sm text-red-600 dark:text-red-400">
            {plainMessage(error)}
          </p>
        ) : null}
        <DialogActions onCancel={() => onOpenChange(false)} label={t('submit')} busyLabel={t('adding')} busy={add.isPending} />
      </form>
    </Dialog>
  );
}
