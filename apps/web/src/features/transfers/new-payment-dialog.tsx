'use client';

import { type AccountLimits, createQuoteBodySchema, createTransferBodySchema, type Quote } from '@payos/contracts';
import { isCurrency, Money, parseLocaleAmount, scaleOf } from '@payos/money';
import { Button, Dialog, DialogActions, Field, Input, Select } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useEffect, useMemo, useState } from 'react';
import { Refusal } from '@/components/refusal';
import { accountLimitsQuery, accountsQuery, paymentMethodsQuery } from '@/features/accounts/queries';
import { isValidAmount } from '@/lib/amount';
import { useEnvironment } from '@/lib/environment';
import { failureReasonText } from '@/lib/failure-words';
import { DISPLAY_LOCALE, exactMoney, money, rate } from '@/lib/format';
import { errorMessage } from '@/lib/payos';
import { useDebounced } from '@/lib/use-debounced';
import { settingsQuery } from '../settings/queries';
import { DestinationSelect } from './destination-select';
import { quoteQuery, transferQuery, useCreateTransfer } from './queries';
import { TransferStatusBadge } from './status';
import { TravelRuleFieldset, travelRuleFieldError } from './travel-rule';
import { emptyTravelRule, travelRuleApplies, travelRuleBody, travelRuleField } from './travel-rule-fields';

/**
 * Seconds until a quote expires, counted on this browser's clock from when the quote arrived, for as
 * long as the server gave it (expiresAt − createdAt): a clock set wrong does not expire every quote at
 * once (which would re-quote in a loop) nor keep an expired one alive.
 */
function useSecondsLeft(quote: Quote | undefined, receivedAt: number) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!quote) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [quote]);
  if (!quote) return 0;
  const lifetime = new Date(quote.expiresAt).getTime() - new Date(quote.createdAt).getTime();
  return Math.max(0, Math.floor((receivedAt + lifetime - now) / 1000));
}

type Translate = ReturnType<typeof useTranslations<'transfers'>>;

function QuoteCard({ quote, secondsLeft: seconds }: { quote: Quote; secondsLeft: number }) {
  const t = useTranslations('transfers');
  return (
    <div className="grid gap-1 rounded-md border border-border bg-muted/40 p-3 text-sm" data-testid="quote">
      <div className="flex justify-between">
        <span className="text-muted-foreground">{t('newPayment.rate')}</span>
        <span className="tabular">
          1 {quote.fromCurrency} = {rate(quote.rate)} {quote.toCurrency}
        </span>
      </div>
      {quote.fees.breakdown.map((f) => (
        <div key={f.type} className="flex justify-between">
          <span className="text-muted-foreground">{t('newPayment.fee', { type: t(`fee.${f.type}`) })}</span>
          <span className="tabular">{money(f.amount, quote.fromCurrency)}</span>
        </div>
      ))}
      <div className="flex justify-between font-medium">
        <span>{t('newPayment.totalDebited')}</span>
        <span className="tabular">{money(quote.totalDebit, quote.fromCurrency)}</span>
      </div>
      <div className="flex justify-between font-medium">
        <span>{t('newPayment.recipientGets')}</span>
        <span className="tabular">{money(quote.destinationAmount, quote.toCurrency)}</span>
      </div>
      <p className={`text-xs ${seconds < 30 ? 'text-red-600 dark:text-red-400' : 'text-muted-foreground'}`} aria-live="polite">
        {seconds > 0
          ? t('newPayment.quoteValid', { time: `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}` })
          : t('newPayment.quoteExpired')}
      </p>
    </div>
  );
}

/** An amount with more decimals than its currency has (USD 2, USDC 6) is refused by the API: say so here. */
function withinScale(amount: string, currency: string | undefined) {
  const decimals = amount.split('.')[1]?.length ?? 0;
  return !currency || !isCurrency(currency) || decimals <= scaleOf(currency);
}

function amountProblem(t: Translate, input: string, amount: string, currency: string | undefined) {
  if (!amount) {
    // The examples in the locale's own figures: 250.00 and 1,250.50 in English, 250,00 and 1.250,50 in pt-BR.
    return t('newPayment.notAnAmount', { input: input.trim(), example1: money('250'), example2: money('1250.50') });
  }
  if (!/[1-9]/.test(amount)) return t('newPayment.aboveZero');
  const decimals = amount.split('.')[1]?.length ?? 0;
  if (decimals > 6 || !withinScale(amount, currency)) {
    return t('newPayment.tooManyDecimals', {
      currency: currency ?? 'none',
      decimals: currency && isCurrency(currency) ? scaleOf(currency) : 6,
    });
  }
  return t('newPayment.tooManyDigits');
}

/** USD and USDC count at par toward limits (in USD); other currencies are converted by the API, which says so if over. */
const AT_PAR = new Set(['USD', 'USDC']);

/** Why an amount cannot go, from the account's limits, when that can be told here: the smallest room first. */
function limitExceeded(t: Translate, limits: AccountLimits | undefined, amount: string, currency: string | undefined) {
  if (!limits || !currency || !AT_PAR.has(currency)) return null;
  const rooms = [
    { room: limits.perTransaction.limit, says: t('newPayment.overPerTransaction', { limit: money(limits.perTransaction.limit, 'USD') }) },
    { room: limits.daily.remaining, says: t('newPayment.overDaily', { remaining: money(limits.daily.remaining, 'USD') }) },
    { room: limits.monthly.remaining, says: t('newPayment.overMonthly', { remaining: money(limits.monthly.remaining, 'USD') }) },
  ];
  return rooms.find((r) => new Money(amount).gt(r.room))?.says ?? null;
}

/** The account's room under its limits, next to the amount, with the way to raise them. */
function LimitsLeft({ limits, accountId }: { limits: AccountLimits; accountId: string }) {
  const t = useTranslations('transfers.newPayment');
  return (
    <p className="-mt-2 text-xs text-muted-foreground" data-testid="limits-left">
      {t.rich('limitsLeft', {
        daily: money(limits.daily.remaining, 'USD'),
        monthly: money(limits.monthly.remaining, 'USD'),
        perTransaction: money(limits.perTransaction.limit, 'USD'),
        figure: (chunks) => <span className="tabular">{chunks}</span>,
      })}
      {limits.tier < 3 ? (
        <>
          {' '}
          ·{' '}
          <Link href={`/accounts/${accountId}`} className="text-primary hover:underline">
            {t('verifyToRaise')}
          </Link>
        </>
      ) : null}
    </p>
  );
}

/**
 * New payment: account → destination (another account, or one of the account's payment methods) →
 * amount → a live quote with fees and its expiry countdown → confirm → status until settled.
 */
export function NewPaymentDialog({
  open,
  onOpenChange,
  defaultFromAccountId,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  defaultFromAccountId?: string;
}) {
  const env = useEnvironment();
  const m = useTranslations('transfers');
  const accounts = useQuery({ ...accountsQuery(env, {}), enabled: open });
  const [fromId, setFromId] = useState(defaultFromAccountId ?? '');
  const [destination, setDestination] = useState('');
  const [currency, setCurrency] = useState('');
  const [amountInput, setAmountInput] = useState('');
  const [description, setDescription] = useState('');
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [createdId, setCreatedId] = useState<string | null>(null);
  const [travelRule, setTravelRule] = useState(emptyTravelRule);
  const [travelExpanded, setTravelExpanded] = useState(false);
  const settings = useQuery({ ...settingsQuery(env), enabled: open });
  const methods = useQuery({ ...paymentMethodsQuery(env, fromId), enabled: open && Boolean(fromId) });
  const create = useCreateTransfer(env);
  const created = useQuery({ ...transferQuery(env, createdId ?? ''), enabled: Boolean(createdId) });

  const from = accounts.data?.data.find((a) => a.id === fromId);
  const currencies = from?.balances.map((b) => b.currency) ?? [];
  const sourceCurrency = currencies.find((c) => c === currency) ?? currencies[0];
  const [kind, destId] = destination.split(':') as ['account' | 'pm' | '', string | undefined];
  const method = methods.data?.data.find((m) => m.id === destId);
  const toAccount = accounts.data?.data.find((a) => a.id === destId);
  const destinationCurrency =
    kind === 'pm'
      ? method?.currency
      : kind === 'account'
        ? toAccount?.balances.find((b) => b.currency === sourceCurrency)
          ? sourceCurrency
          : (toAccount?.balances[0]?.currency ?? sourceCurrency)
        : undefined;
  const isInternal = kind === 'account' && destinationCurrency === sourceCurrency;
  // What was typed, read in the display locale: "150,50" and "10,000.00" are amounts too.
  const amount = parseLocaleAmount(amountInput, DISPLAY_LOCALE) ?? '';
  const validAmount = isValidAmount(amount) && withinScale(amount, sourceCurrency);
  const available = from?.balances.find((b) => b.currency === sourceCurrency)?.available;
  const aboveBalance = validAmount && available !== undefined && new Money(amount).gt(available);
  const limits = useQuery({ ...accountLimitsQuery(env, fromId), enabled: open && Boolean(fromId) });
  const overLimit = validAmount && !aboveBalance ? limitExceeded(m, limits.data, amount, sourceCurrency) : null;

  // A live quote for payouts: one request once the inputs have settled (400 ms), aborted if superseded,
  // requested again once when it expires; none for an amount the balance cannot cover. The request is
  // the API's own schema.
  const quoteRequest =
    !isInternal && validAmount && !aboveBalance && !overLimit
      ? createQuoteBodySchema.safeParse({ fromCurrency: sourceCurrency, toCurrency: destinationCurrency, amount, amountType: 'source' })
          .data
      : undefined;
  const quoteInputs = quoteRequest && !createdId && open ? JSON.stringify(quoteRequest) : '';
  const settledInputs = useDebounced(quoteInputs, 400);
  const settledRequest = useMemo(() => (settledInputs ? JSON.parse(settledInputs) : undefined), [settledInputs]);
  const quote = useQuery(quoteQuery(env, settledRequest));
  const currentQuote = quoteInputs && settledInputs === quoteInputs ? quote.data : undefined;
  const secondsLeft = useSecondsLeft(currentQuote, quote.dataUpdatedAt);

  // The body, checked with the API's request schema: ids, currencies, the description's length.
  const base = { fromAccountId: fromId, amount, currency: sourceCurrency, ...(description ? { description } : {}) };
  const transferRequest = createTransferBodySchema.safeParse(
    isInternal
      ? { type: 'internal', ...base, toAccountId: destId }
      : {
          type: 'payout',
          ...base,
          ...(kind === 'pm' ? { paymentMethodId: destId } : { toAccountId: destId, destinationCurrency }),
          ...(currentQuote ? { quoteId: currentQuote.id } : {}),
          ...travelRuleBody(travelRule),
        },
  );
  // The travel rule (tenant settings): expanded when this payout is at or above the threshold, and
  // when the API named one of its fields; the schema's own message for a malformed party.
  const travelRequired = !isInternal && Boolean(destId) && travelRuleApplies(settings.data?.controls, sourceCurrency, amount, validAmount);
  const schemaTravelIssue = transferRequest.error?.issues.find((i) => i.path[0] === 'originator' || i.path[0] === 'beneficiary');
  const travelFieldError =
    travelRuleFieldError(create.error) ??
    (schemaTravelIssue ? travelRuleField(schemaTravelIssue.path.join('.'), schemaTravelIssue.message) : undefined);
  const descriptionError = transferRequest.error?.issues.find((issue) => issue.path[0] === 'description')?.message;

  // Why Confirm is off, in words: the first thing still missing or wrong.
  const debit = isInternal ? amount : currentQuote?.totalDebit;
  const blocker = !destId
    ? m('newPayment.chooseRecipient')
    : !validAmount
      ? m('newPayment.enterAmount')
      : available !== undefined && (aboveBalance || (debit && new Money(debit).gt(available)))
        ? m('newPayment.moreThanAvailable', { what: aboveBalance ? 'amount' : 'total', available: exactMoney(available, sourceCurrency) })
        : overLimit
          ? overLimit
          : !isInternal && !currentQuote
            ? quote.isError && quoteInputs === settledInputs
              ? m('newPayment.noQuote')
              : m('newPayment.gettingQuote')
            : !isInternal && secondsLeft === 0
              ? m('newPayment.requoting')
              : !transferRequest.success
                ? m('newPayment.checkDetails')
                : null;

  function reset() {
    setDestination('');
    setAmountInput('');
    setDescription('');
    setCreatedId(null);
    setTravelRule(emptyTravelRule());
    setTravelExpanded(false);
    setIdempotencyKey(crypto.randomUUID());
    create.reset();
  }

  function confirm() {
    if (!transferRequest.success) return;
    create.mutate({ body: transferRequest.data, idempotencyKey }, { onSuccess: (t) => setCreatedId(t.id) });
  }

  const t = created.data;
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!o) reset();
        onOpenChange(o);
      }}
      title={m('newPayment.title')}
      description={m('newPayment.description')}
    >
      {createdId ? (
        <div className="grid gap-4" data-testid="payment-result">
          <p className="text-sm">
            {m('newPayment.created', { amount: money(t?.amount ?? amount, t?.currency ?? sourceCurrency), type: t?.type ?? 'internal' })}
          </p>
          <div className="flex items-center gap-2 text-sm" aria-live="polite">
            {m('newPayment.statusLabel')} {t ? <TransferStatusBadge status={t.status} /> : '…'}
          </div>
          {t?.failureReason ? <p className="text-sm text-red-600 dark:text-red-400">{failureReasonText(t.failureReason)}</p> : null}
          {t?.status === 'requires_approval' ? (
            <p className="text-sm text-muted-foreground" data-testid="payment-needs-approval">
              {m('newPayment.needsApproval')}{' '}
              <Link href="/approvals" className="text-primary hover:underline">
                {m('newPayment.approvals')}
              </Link>
            </p>
          ) : null}
          {t?.status === 'requires_review' ? (
            <p className="text-sm text-muted-foreground" data-testid="payment-needs-review">
              {m('newPayment.needsReview')}{' '}
              <Link href={`/reviews?transfer=${t.id}`} className="text-primary hover:underline">
                {m('newPayment.reviews')}
              </Link>
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button variant="outline" onClick={reset}>
              {m('newPayment.another')}
            </Button>
            <Button onClick={() => onOpenChange(false)}>{m('newPayment.done')}</Button>
          </div>
        </div>
      ) : (
        <div className="grid grid-cols-1 gap-4">
          <Field id="np-from" label={m('newPayment.from')}>
            <Select
              id="np-from"
              value={fromId}
              onChange={(e) => {
                setFromId(e.target.value);
                setDestination('');
              }}
            >
              <option value="">{m('newPayment.chooseAccount')}</option>
              {accounts.data?.data
                .filter((a) => a.status === 'active' && a.balances.length > 0)
                .map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name} — {a.balances.map((b) => money(b.available, b.currency)).join(', ')}
                  </option>
                ))}
            </Select>
          </Field>
          {from ? (
            <>
              <Field id="np-destination" label={m('newPayment.to')}>
                <DestinationSelect
                  id="np-destination"
                  value={destination}
                  onChange={setDestination}
                  from={from}
                  accounts={accounts.data?.data ?? []}
                  methods={methods.data?.data ?? []}
                />
              </Field>
              <div className="grid grid-cols-3 gap-2">
                <div className="col-span-2">
                  <Field
                    id="np-amount"
                    label={m('newPayment.amount')}
                    error={amountInput.trim() && !validAmount ? amountProblem(m, amountInput, amount, sourceCurrency) : undefined}
                    hint={
                      available !== undefined ? m('newPayment.available', { amount: exactMoney(available, sourceCurrency) }) : undefined
                    }
                  >
                    <Input
                      id="np-amount"
                      inputMode="decimal"
                      placeholder={money('250')}
                      value={amountInput}
                      onChange={(e) => setAmountInput(e.target.value)}
                    />
                  </Field>
                </div>
                <Field id="np-currency" label={m('newPayment.currency')}>
                  <Select id="np-currency" value={sourceCurrency ?? ''} onChange={(e) => setCurrency(e.target.value)}>
                    {currencies.map((c) => (
                      <option key={c}>{c}</option>
                    ))}
                  </Select>
                </Field>
              </div>
              {limits.data ? <LimitsLeft limits={limits.data} accountId={from.id} /> : null}
              <Field id="np-description" label={m('newPayment.descriptionLabel')} error={descriptionError}>
                <Input id="np-description" value={description} maxLength={500} onChange={(e) => setDescription(e.target.value)} />
              </Field>
            </>
          ) : null}
          {from && destId && !isInternal ? (
            <TravelRuleFieldset
              value={travelRule}
              onChange={(next) => {
                setTravelRule(next);
                // The refusal's field error no longer applies to what is typed now (a refusal stores nothing: the key can be reused).
                if (create.isError) create.reset();
              }}
              required={travelRequired}
              expanded={travelExpanded}
              onExpand={() => setTravelExpanded(true)}
              thresholdUsd={settings.data?.controls.travelRule.thresholdUsd}
              fieldError={travelFieldError}
            />
          ) : null}
          {isInternal && validAmount ? (
            <p className="rounded-md border border-border bg-muted/40 p-3 text-sm">{m('newPayment.internal')}</p>
          ) : currentQuote ? (
            <QuoteCard quote={currentQuote} secondsLeft={secondsLeft} />
          ) : quote.isError && quoteInputs === settledInputs ? (
            <p role="alert" className="text-sm text-red-600 dark:text-red-400">
              {errorMessage(quote.error)}
            </p>
          ) : null}
          {create.isError && !travelRuleFieldError(create.error) ? (
            <Refusal error={create.error} accountId={fromId} testId="payment-error" />
          ) : null}
          <p className="text-xs text-muted-foreground">
            {m.rich('newPayment.streamHint', {
              link: (chunks) => (
                <a href="/streams?new=1" className="text-primary hover:underline">
                  {chunks}
                </a>
              ),
            })}
          </p>
          {blocker && from ? (
            <p className="text-right text-xs text-muted-foreground" data-testid="confirm-blocker" aria-live="polite">
              {blocker}
            </p>
          ) : null}
          <DialogActions
            onCancel={() => onOpenChange(false)}
            label={m('newPayment.confirm')}
            busyLabel={m('newPayment.sending')}
            busy={create.isPending}
            disabled={Boolean(blocker)}
            onConfirm={confirm}
          />
        </div>
      )}
    </Dialog>
  );
}
