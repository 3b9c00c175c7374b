'use client';

import { type CreateStreamRequest, createStreamBodySchema } from '@payos/contracts';
import { Money } from '@payos/money';
import { Dialog, DialogActions, Field, Input, Select } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Refusal } from '@/components/refusal';
import { accountsQuery } from '@/features/accounts/queries';
import { isValidAmount } from '@/lib/amount';
import { useEnvironment } from '@/lib/environment';
import { exactMoney, money } from '@/lib/format';
import { toast } from '@/lib/toast';
import { useStreamMutations } from './queries';
import { runway } from './stream-badges';

const MONTH_S = 30 * 86_400;
const MINIMUM_S = 4 * 3600 + 7 * 86_400;

/** New stream: sender, receiver, monthly rate; the minimum funding and the runway follow as you type. */
export function CreateStreamDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const env = useEnvironment();
  const router = useRouter();
  const t = useTranslations('streams.create');
  const accounts = useQuery({ ...accountsQuery(env, {}), enabled: open });
  const { create } = useStreamMutations(env);
  const [sender, setSender] = useState('');
  const [receiver, setReceiver] = useState('');
  const [perMonth, setPerMonth] = useState('');
  const [funding, setFunding] = useState('');
  const [description, setDescription] = useState('');
  const [key] = useState(() => crypto.randomUUID());
  const validRate = isValidAmount(perMonth);
  // Decimal arithmetic in the browser too: the API computes the same minimum and refuses less.
  const perSecond = validRate ? new Money(perMonth).div(MONTH_S).toDecimalPlaces(18, Money.ROUND_DOWN) : null;
  const minimum = perSecond ? perSecond.mul(MINIMUM_S).toDecimalPlaces(6, Money.ROUND_UP) : null;
  const fundingAmount = funding && isValidAmount(funding) ? new Money(funding) : minimum;
  const runwaySeconds = perSecond && fundingAmount ? fundingAmount.div(perSecond).floor().toNumber() : null;
  const tooLow = Boolean(minimum && funding && isValidAmount(funding) && new Money(funding).lt(minimum));

  const body: CreateStreamRequest = {
    senderAccountId: sender,
    receiverAccountId: receiver,
    currency: 'USDC',
    ratePerMonth: perMonth,
    ...(funding ? { fundingAmount: funding } : {}),
    ...(description ? { description } : {}),
  };
  // The API's own request schema checks the ids, the decimals and the lengths; the rate must also be a
  // positive amount of at most 6 decimals (validRate), and the funding at least the minimum (tooLow).
  const checked = createStreamBodySchema.safeParse(body);
  const problem = (param: keyof CreateStreamRequest) =>
    checked.success ? undefined : checked.error.issues.find((issue) => issue.path[0] === param)?.message;

  function submit() {
    if (!checked.success) return;
    create.mutate(
      { body, idempotencyKey: key },
      {
        onSuccess: (s) => {
          toast(s.status === 'requires_approval' ? t('createdWaiting') : t('started'), 'success');
          onOpenChange(false);
          router.push(`/streams/${s.id}`);
        },
      },
    );
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={t('title')} description={t('description')}>
      <div className="grid gap-4">
        <Field id="st-sender" label={t('from')}>
          <Select id="st-sender" value={sender} onChange={(e) => setSender(e.target.value)}>
            <option value="">{t('chooseAccount')}</option>
            {accounts.data?.data.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="st-receiver" label={t('to')}>
          <Select id="st-receiver" value={receiver} onChange={(e) => setReceiver(e.target.value)}>
            <option value="">{t('chooseAccount')}</option>
            {accounts.data?.data
              .filter((a) => a.id !== sender)
              .map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
          </Select>
        </Field>
        <Field id="st-rate" label={t('perMonth')} error={perMonth && !validRate ? t('rateError') : undefined}>
          <Input
            id="st-rate"
            inputMode="decimal"
            placeholder="3000.00"
            value={perMonth}
            onChange={(e) => setPerMonth(e.target.value.trim())}
          />
        </Field>
        <Field
          id="st-funding"
          label={t('funding')}
          hint={minimum ? t('minimum', { amount: exactMoney(minimum.toFixed(), 'USDC') }) : t('defaultsToMinimum')}
          error={tooLow ? t('belowMinimum') : funding ? problem('fundingAmount') : undefined}
        >
          <Input
            id="st-funding"
            inputMode="decimal"
            placeholder={minimum?.toFixed(2) ?? ''}
            value={funding}
            onChange={(e) => setFunding(e.target.value.trim())}
          />
        </Field>
        <Field id="st-description" label={t('descriptionLabel')}>
          <Input id="st-description" maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        {runwaySeconds !== null ? (
          <p className="rounded-md border border-border bg-muted/40 p-3 text-sm" data-testid="stream-runway" aria-live="polite">
            {t.rich('lasts', {
              funding: money(fundingAmount?.toFixed() ?? '0', 'USDC'),
              runway: runway(runwaySeconds),
              perHour: exactMoney(perSecond?.mul(3600).toFixed(6) ?? '0', 'USDC'),
              strong: (chunks) => <strong>{chunks}</strong>,
            })}
          </p>
        ) : null}
        <Refusal error={create.error} accountId={sender} testId="stream-error" />
        <DialogActions
          onCancel={() => onOpenChange(false)}
          label={t('submit')}
          busyLabel={t('starting')}
          busy={create.isPending}
          disabled={!checked.success || !validRate || tooLow}
          onConfirm={submit}
        />
      </div>
    </Dialog>
  );
}
