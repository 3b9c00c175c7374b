'use client';

import { createQuoteBodySchema, createTransferBodySchema, type Quote } from '@payos/contracts';
import { Button, Dialog, DialogActions, Field, Input, Select } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { accountsQuery, paymentMethodsQuery } from '@/features/accounts/queries';
import { isValidAmount } from '@/lib/amount';
import { useEnvironment } from '@/lib/environment';
import { money } from '@/lib/format';
import { errorMessage } from '@/lib/payos';
import { settingsQuery } from '../settings/queries';
import { DestinationSelect } from './destination-select';
import { transferQuery, useCreateQuote, useCreateTransfer } from './queries';
import { TransferStatusBadge } from './status';
import { paymentErrorMessage, TravelRuleFieldset, travelRuleFieldError } from './travel-rule';
import { emptyTravelRule, travelRuleApplies, travelRuleBody, travelRuleField } from './travel-rule-fields';

function useSecondsLeft(expiresAt?: string) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!expiresAt) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [expiresAt]);
  return expiresAt ? Math.max(0, Math.floor((new Date(expiresAt).getTime() - now) / 1000)) : 0;
}

function QuoteCard({ quote }: { quote: Quote }) {
  const seconds = useSecondsLeft(quote.expiresAt);
  return (
    <div className="grid gap-1 rounded-md border border-border bg-muted/40 p-3 text-sm" data-testid="quote">
      <div className="flex justify-between">
        <span className="text-muted-foreground">Rate</span>
        <span className="tabular">
          1 {quote.fromCurrency} = {quote.rate} {quote.toCurrency}
        </span>
      </div>
      {quote.fees.breakdown.map((f) => (
        <div key={f.type} className="flex justify-between">
          <span className="text-muted-foreground">Fee · {f.type.replaceAll('_', ' ')}</span>
          <span className="tabular">{money(f.amount, quote.fromCurrency)}</span>
        </div>
      ))}
      <div className="flex justify-between font-medium">
        <span>Total debited</span>
        <span className="tabular">{money(quote.totalDebit, quote.fromCurrency)}</span>
      </div>
      <div className="flex justify-between font-medium">
        <span>Recipient gets</span>
        <span className="tabular">{money(quote.destinationAmount, quote.toCurrency)}</span>
      </div>
      <p className={`text-xs ${seconds < 30 ? 'text-red-600' : 'text-muted-foreground'}`} aria-live="polite">
        {seconds > 0
          ? `Quote valid for ${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
          : 'Quote expired — a new one will be requested.'}
      </p>
    </div>
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
  const accounts = useQuery({ ...accountsQuery(env, {}), enabled: open });
  const [fromId, setFromId] = useState(defaultFromAccountId ?? '');
  const [destination, setDestination] = useState('');
  const [currency, setCurrency] = useState('');
  const [amount, setAmount] = useState('');
  const [description, setDescription] = useState('');
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [createdId, setCreatedId] = useState<string | null>(null);
  const [travelRule, setTravelRule] = useState(emptyTravelRule);
  const [travelExpanded, setTravelExpanded] = useState(false);
  const settings = useQuery({ ...settingsQuery(env), enabled: open });
  const methods = useQuery({ ...paymentMethodsQuery(env, fromId), enabled: open && Boolean(fromId) });
  const quote = useCreateQuote();
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
  const validAmount = isValidAmount(amount);
  const secondsLeft = useSecondsLeft(quote.data?.expiresAt);

  // A live quote for payouts, re-requested when the inputs change or the quote expires. The request is
  // the API's own schema; the amount's format per currency is checked by isValidAmount (and the API).
  const quoteRequest =
    !isInternal && validAmount
      ? createQuoteBodySchema.safeParse({ fromCurrency: sourceCurrency, toCurrency: destinationCurrency, amount, amountType: 'source' })
          .data
      : undefined;
  const quoteInputs = quoteRequest ? `${quoteRequest.fromCurrency}:${quoteRequest.toCurrency}:${quoteRequest.amount}` : '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: quote.mutate is stable; quoteRequest changes with quoteInputs; re-quote on inputs or expiry only.
  useEffect(() => {
    if (!quoteRequest || createdId) return;
    const timer = setTimeout(() => quote.mutate(quoteRequest), 400);
    return () => clearTimeout(timer);
  }, [quoteInputs, createdId, quote.data && secondsLeft === 0]);

  // The body, checked with the API's request schema: ids, currencies, the description's length.
  const base = { fromAccountId: fromId, amount, currency: sourceCurrency, ...(description ? { description } : {}) };
  const transferRequest = createTransferBodySchema.safeParse(
    isInternal
      ? { type: 'internal', ...base, toAccountId: destId }
      : {
          type: 'payout',
          ...base,
          ...(kind === 'pm' ? { paymentMethodId: destId } : { toAccountId: destId, destinationCurrency }),
          ...(quote.data ? { quoteId: quote.data.id } : {}),
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

  function reset() {
    setDestination('');
    setAmount('');
    setDescription('');
    setCreatedId(null);
    setTravelRule(emptyTravelRule());
    setTravelExpanded(false);
    setIdempotencyKey(crypto.randomUUID());
    quote.reset();
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
      title="New payment"
      description="Move money between accounts or pay out to a bank account or wallet."
    >
      {createdId ? (
        <div className="grid gap-4" data-testid="payment-result">
          <p className="text-sm">
            {money(t?.amount ?? amount, t?.currency ?? sourceCurrency)} {t?.type === 'payout' ? 'payout' : 'transfer'} created.
          </p>
          <div className="flex items-center gap-2 text-sm" aria-live="polite">
            Status: {t ? <TransferStatusBadge status={t.status} /> : '…'}
          </div>
          {t?.failureReason ? <p className="text-sm text-red-600">{t.failureReason}</p> : null}
          {t?.status === 'requires_approval' ? (
            <p className="text-sm text-muted-foreground" data-testid="payment-needs-approval">
              An approval policy holds it until someone else approves it; the funds are held meanwhile.{' '}
              <Link href="/approvals" className="text-primary hover:underline">
                Approvals
              </Link>
            </p>
          ) : null}
          {t?.status === 'requires_review' ? (
            <p className="text-sm text-muted-foreground" data-testid="payment-needs-review">
              A risk rule holds it for review; the funds are held until a reviewer decides.{' '}
              <Link href={`/reviews?transfer=${t.id}`} className="text-primary hover:underline">
                Reviews
              </Link>
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button variant="outline" onClick={reset}>
              New payment
            </Button>
            <Button onClick={() => onOpenChange(false)}>Done</Button>
          </div>
        </div>
      ) : (
        <div className="grid grid-cols-1 gap-4">
          <Field id="np-from" label="From account">
            <Select
              id="np-from"
              value={fromId}
              onChange={(e) => {
                setFromId(e.target.value);
                setDestination('');
              }}
            >
              <option value="">Choose an account…</option>
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
              <Field id="np-destination" label="To">
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
                  <Field id="np-amount" label="Amount" error={amount && !validAmount ? 'Enter an amount such as 250.00' : undefined}>
                    <Input
                      id="np-amount"
                      inputMode="decimal"
                      placeholder="250.00"
                      value={amount}
                      onChange={(e) => setAmount(e.target.value.trim())}
                    />
                  </Field>
                </div>
                <Field id="np-currency" label="Currency">
                  <Select id="np-currency" value={sourceCurrency ?? ''} onChange={(e) => setCurrency(e.target.value)}>
                    {currencies.map((c) => (
                      <option key={c}>{c}</option>
                    ))}
                  </Select>
                </Field>
              </div>
              <Field id="np-description" label="Description (optional)" error={descriptionError}>
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
            <p className="rounded-md border border-border bg-muted/40 p-3 text-sm">Internal transfer: no fee, completes at once.</p>
          ) : quote.data && quoteInputs ? (
            <QuoteCard quote={quote.data} />
          ) : quote.isError && quoteInputs ? (
            <p role="alert" className="text-sm text-red-600">
              {errorMessage(quote.error)}
            </p>
          ) : null}
          {create.isError && !travelRuleFieldError(create.error) ? (
            <p role="alert" className="text-sm text-red-600" data-testid="payment-error">
              {paymentErrorMessage(create.error)}
            </p>
          ) : null}
          <p className="text-xs text-muted-foreground">
            Paying a salary or a subscription?{' '}
            <a href="/streams?new=1" className="text-primary hover:underline">
              Stream it by the second instead
            </a>{' '}
            — the minimum funding and runway show as you type.
          </p>
          <DialogActions
            onCancel={() => onOpenChange(false)}
            label="Confirm payment"
            busyLabel="Sending…"
            busy={create.isPending}
            disabled={!destId || !transferRequest.success || !validAmount || (!isInternal && (!quote.data || secondsLeft === 0))}
            onConfirm={confirm}
          />
        </div>
      )}
    </Dialog>
  );
}
