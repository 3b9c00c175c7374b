'use client';

import {
  type CreateScheduledTransferRequest,
  CURRENCY_CODES,
  createScheduledTransferBodySchema,
  FREQUENCIES,
  type Frequency,
  type SchedulePreviewQuery,
} from '@payos/contracts';
import { Badge, Dialog, DialogActions, Field, Input, Select } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Refusal } from '@/components/refusal';
import { accountsQuery, paymentMethodsQuery } from '@/features/accounts/queries';
import { DestinationSelect } from '@/features/transfers/destination-select';
import { isValidAmount } from '@/lib/amount';
import { useEnvironment } from '@/lib/environment';
import { fieldMessage } from '@/lib/error-words';
import { date } from '@/lib/format';
import { errorMessage, PayOSError } from '@/lib/payos';
import { toast } from '@/lib/toast';
import { useDebounced } from '@/lib/use-debounced';
import { previewQuery, useScheduleMutations } from './queries';

/** USDC first: what most schedules move. */
const CURRENCIES = ['USDC', ...CURRENCY_CODES.filter((c) => c !== 'USDC')];
const ZONES = ['America/Mexico_City', 'America/Sao_Paulo', 'America/Bogota', 'America/Argentina/Buenos_Aires', 'America/New_York', 'UTC'];
const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const todayIn = (zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date());

export function CreateScheduleDialog({
  open,
  onOpenChange,
  onCreated,
  defaultFromAccountId,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (id: string) => void;
  defaultFromAccountId?: string;
}) {
  const env = useEnvironment();
  const t = useTranslations('schedules.create');
  const ts = useTranslations('schedules');
  const accounts = useQuery({ ...accountsQuery(env, {}), enabled: open });
  const [fromId, setFromId] = useState(defaultFromAccountId ?? '');
  const [destination, setDestination] = useState('');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState<CreateScheduledTransferRequest['currency']>('USDC');
  const [description, setDescription] = useState('');
  const [timezone, setTimezone] = useState(() => (ZONES.includes(localZone()) ? localZone() : 'UTC'));
  const [rule, setRule] = useState<{ frequency: Frequency; interval: string; startDate: string; endDate: string; maxOccurrences: string }>(
    () => ({
      frequency: 'monthly',
      interval: '1',
      startDate: todayIn(ZONES.includes(localZone()) ? localZone() : 'UTC'),
      endDate: '',
      maxOccurrences: '',
    }),
  );
  const methods = useQuery({ ...paymentMethodsQuery(env, fromId), enabled: open && Boolean(fromId) });
  const { create } = useScheduleMutations(env);
  const [error, setError] = useState<PayOSError | null>(null);

  const ruleInput: SchedulePreviewQuery | null = rule.startDate
    ? {
        frequency: rule.frequency,
        ...(rule.frequency !== 'once' && Number(rule.interval) > 1 ? { interval: Number(rule.interval) } : {}),
        startDate: rule.startDate,
        ...(rule.endDate ? { endDate: rule.endDate } : {}),
        ...(rule.maxOccurrences ? { maxOccurrences: Number(rule.maxOccurrences) } : {}),
        timezone,
      }
    : null;
  const preview = useQuery({ ...previewQuery(env, useDebounced(ruleInput)), enabled: open && ruleInput !== null });
  const [kind, destId] = destination.split(':');
  const from = accounts.data?.data.find((a) => a.id === fromId);

  const body: CreateScheduledTransferRequest | null = ruleInput
    ? {
        fromAccountId: fromId,
        ...(kind === 'pm' ? { paymentMethodId: destId } : { toAccountId: destId }),
        amount,
        currency,
        ...(description ? { description } : {}),
        ...ruleInput,
      }
    : null;
  // The form is checked with the API's own request schema (ids, dates, ranges, lengths); the amount's
  // format is checked here too (isValidAmount), its places per currency by the API.
  const checked = body ? createScheduledTransferBodySchema.safeParse(body) : null;
  const problem = (param: keyof CreateScheduledTransferRequest) =>
    checked?.success === false ? checked.error.issues.find((issue) => issue.path[0] === param)?.message : undefined;
  const fieldError = (param: keyof CreateScheduledTransferRequest) =>
    problem(param) ?? (error?.param === param ? fieldMessage(error) : undefined);

  function submit() {
    if (!body || !checked?.success) return;
    setError(null);
    create.mutate(body, {
      onSuccess: (s) => {
        toast(
          s.status === 'requires_approval' ? t('createdWaiting') : t('created'),
          'success',
        );
        onOpenChange(false);
        onCreated(s.id);
      },
      onError: (e) => (e instanceof PayOSError ? setError(e) : toast(errorMessage(e), 'error')),
    });
  }
  const set = (patch: Partial<typeof rule>) => setRule((r) => ({ ...r, ...patch }));

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={t('title')}
      description={t('description')}
    >
      <div className="grid gap-4">
        <Field id="sc-from" label={t('from')}>
          <Select
            id="sc-from"
            value={fromId}
            onChange={(e) => {
              setFromId(e.target.value);
              setDestination('');
            }}
          >
            <option value="">{t('chooseAccount')}</option>
            {accounts.data?.data
              .filter((a) => a.status === 'active')
              .map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
          </Select>
        </Field>
        {from ? (
          <Field id="sc-to" label={t('to')}>
            <DestinationSelect
              id="sc-to"
              value={destination}
              onChange={setDestination}
              from={from}
              accounts={accounts.data?.data ?? []}
              methods={methods.data?.data ?? []}
            />
          </Field>
        ) : null}
        <div className="grid grid-cols-3 gap-2">
          <div className="col-span-2">
            <Field
              id="sc-amount"
              label={t('amount')}
              error={
                amount && !isValidAmount(amount)
                  ? t('amountError')
                  : error?.param === 'amount'
                    ? fieldMessage(error)
                    : undefined
              }
            >
              <Input
                id="sc-amount"
                inputMode="decimal"
                placeholder="250.00"
                value={amount}
                onChange={(e) => setAmount(e.target.value.trim())}
              />
            </Field>
          </div>
          <Field id="sc-currency" label={t('currency')}>
            <Select
              id="sc-currency"
              value={currency}
              onChange={(e) => setCurrency(e.target.value as CreateScheduledTransferRequest['currency'])}
            >
              {CURRENCIES.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </Select>
          </Field>
        </div>
        <div className="grid grid-cols-2 gap-2">
          <Field id="sc-frequency" label={t('repeats')}>
            <Select id="sc-frequency" value={rule.frequency} onChange={(e) => set({ frequency: e.target.value as Frequency })}>
              {FREQUENCIES.map((f) => (
                <option key={f} value={f}>
                  {ts(`frequency.${f}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field
            id="sc-interval"
            label={t('every')}
            error={problem('interval')}
            hint={
              rule.frequency === 'once' ? undefined : t('everyHint', { unit: rule.frequency })
            }
          >
            <Input
              id="sc-interval"
              type="number"
              min={1}
              max={365}
              disabled={rule.frequency === 'once'}
              value={rule.interval}
              onChange={(e) => set({ interval: e.target.value })}
            />
          </Field>
          <Field id="sc-start" label={t('firstRun')} error={fieldError('startDate')}>
            <Input id="sc-start" type="date" value={rule.startDate} onChange={(e) => set({ startDate: e.target.value })} />
          </Field>
          <Field id="sc-timezone" label={t('timezone')}>
            <Select id="sc-timezone" value={timezone} onChange={(e) => setTimezone(e.target.value)}>
              {ZONES.map((z) => (
                <option key={z}>{z}</option>
              ))}
            </Select>
          </Field>
          <Field id="sc-end" label={t('endDate')} error={fieldError('endDate')}>
            <Input
              id="sc-end"
              type="date"
              disabled={rule.frequency === 'once'}
              value={rule.endDate}
              onChange={(e) => set({ endDate: e.target.value })}
            />
          </Field>
          <Field id="sc-max" label={t('maxRuns')} error={fieldError('maxOccurrences')}>
            <Input
              id="sc-max"
              type="number"
              min={1}
              disabled={rule.frequency === 'once'}
              value={rule.maxOccurrences}
              onChange={(e) => set({ maxOccurrences: e.target.value })}
            />
          </Field>
        </div>
        <Field id="sc-description" label={t('descriptionLabel')} error={problem('description')}>
          <Input id="sc-description" maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <section aria-label={t('nextRunDates')} className="rounded-md border border-border bg-muted/40 p-3 text-sm" aria-live="polite">
          <p className="mb-2 font-medium">{t('nextRuns')}</p>
          {preview.isError ? (
            <p className="text-red-600 dark:text-red-400">{errorMessage(preview.error)}</p>
          ) : (
            <ul className="flex flex-wrap gap-2" data-testid="schedule-preview">
              {(preview.data ?? []).map((d) => (
                <li key={d}>
                  <Badge>{date(`${d}T12:00:00Z`)}</Badge>
                </li>
              ))}
            </ul>
          )}
        </section>
        {error && !['amount', 'startDate', 'endDate', 'maxOccurrences'].includes(error.param ?? '') ? (
          <Refusal error={error} accountId={fromId} testId="schedule-error" />
        ) : null}
        <DialogActions
          onCancel={() => onOpenChange(false)}
          label={t('submit')}
          busyLabel={t('creating')}
          busy={create.isPending}
          disabled={!checked?.success || !destId || !isValidAmount(amount) || preview.isError}
          onConfirm={submit}
        />
      </div>
    </Dialog>
  );
}
