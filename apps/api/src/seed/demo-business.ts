import { randomUUID } from 'node:crypto';
import type { DisputeReason } from '@payos/contracts';
import { type Database, withTenant } from '@payos/db';
import { type Currency, Money } from '@payos/money';
import type { AppDeps } from '../context.js';
import type { Actor } from '../core/actor.js';
import { parseDecimalParam } from '../core/amount.js';
import { systemClock } from '../core/clock.js';
import * as accounts from '../modules/accounts/accounts.service.js';
import { insertActivity } from '../modules/agents/agents.repo.js';
import { changeAgent, createAgent } from '../modules/agents/agents.service.js';
import { approveTransfer, createPolicy, denyTransfer } from '../modules/approvals/approvals.service.js';
import { createDeposit } from '../modules/deposits/deposits.service.js';
import { createDispute, escalateDispute, resolveDispute, respondDispute } from '../modules/disputes/disputes.service.js';
import { staticRateProvider } from '../modules/fx/rates.js';
import { verifyLedger } from '../modules/ledger/ledger.repo.js';
import type { Rail } from '../modules/payment-methods/payment-methods.rails.js';
import { createPaymentMethod } from '../modules/payment-methods/payment-methods.service.js';
import { createRefund } from '../modules/refunds/refunds.service.js';
import { addNote, assignReview, createFlag } from '../modules/reviews/reviews.service.js';
import { evaluateRisk, loadRiskRules, recordRiskOutcome } from '../modules/risk/risk.engine.js';
import { updateRiskRules } from '../modules/risk/risk.service.js';
import { changeStatus, createSchedule, runDueSchedules } from '../modules/schedules/schedules.service.js';
import { createStream, pauseStream, settleStreams } from '../modules/streams/streams.service.js';
import { createInternalTransfer } from '../modules/transfers/internal.service.js';
import { createPayout } from '../modules/transfers/payout.service.js';
import { simulatedPayoutProvider } from '../modules/transfers/payout-provider.js';
import { forceReturn } from '../modules/transfers/returns.service.js';
import { settleDuePayouts } from '../modules/transfers/settlement.service.js';
import { cancelTransfer } from '../modules/transfers/transfers.service.js';

type DemoAccount = {
  type: 'person' | 'business';
  name: string;
  email: string;
  country: string;
  tier: number;
  deposits: [string, Currency][];
  methods: { rail: Rail; details: Record<string, string>; label: string }[];
};

/** The demo tenant's customers: every rail, every tier, balances worth paying out from. */
/** The demo prices at the default rates, whatever FX_RATES the server runs with. */
const DEMO_FX = { provider: staticRateProvider(), spread: new Money(0) };

const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    type: 'business',
    name: 'TechCorp Inc',
    email: 'finance@techcorp.example',
    country: 'US',
    tier: 2,
    deposits: [
      ['250000.00', 'USDC'],
      ['20000.00', 'USD'],
    ],
    methods: [
      { rail: 'usdc', label: 'Treasury wallet', details: { address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', network: 'base' } },
      {
        rail: 'ach',
        label: 'Operating account',
        details: { routingNumber: '021000021', accountNumber: '4432198765', holderName: 'TechCorp Inc' },
      },
      // Ends in 0000: the simulated payout provider fails it, so failure paths can be demonstrated.
      {
        rail: 'ach',
        label: 'Closed bank account',
        details: { routingNumber: '011000015', accountNumber: '7788990000', holderName: 'TechCorp Inc' },
      },
    ],
  },
  {
    type: 'person',
    name: 'Maria Garcia',
    email: 'maria.garcia@example.com',
    country: 'MX',
    tier: 2,
    deposits: [['5000.00', 'USDC']],
    methods: [{ rail: 'spei', label: 'BBVA México', details: { clabe: '032180000118359719', holderName: 'Maria Garcia' } }],
  },
  {
    type: 'person',
    name: 'Carlos Martinez',
    email: 'carlos.martinez@example.com',
    country: 'CO',
    tier: 1,
    deposits: [['2500.00', 'USDC']],
    methods: [
      {
        rail: 'cop_bank',
        label: 'Bancolombia',
        details: {
          bankCode: '007',
          accountNumber: '40512345678',
          accountType: 'savings',
          holderName: 'Carlos Martinez',
          documentId: '1020304050',
        },
      },
    ],
  },
  {
    type: 'person',
    name: 'Ana Silva',
    email: 'ana.silva@example.com',
    country: 'BR',
    tier: 2,
    deposits: [['3200.00', 'USDC']],
    methods: [{ rail: 'pix', label: 'Pix CPF', details: { pixKey: '529.982.247-25', keyType: 'cpf', holderName: 'Ana Silva' } }],
  },
  {
    type: 'person',
    name: 'Juan Perez',
    email: 'juan.perez@example.com',
    country: 'AR',
    tier: 1,
    deposits: [['1200.00', 'USDC']],
    methods: [{ rail: 'cbu', label: 'Banco Galicia', details: { cbu: '2850590940090418135201', holderName: 'Juan Perez' } }],
  },
  {
    type: 'person',
    name: 'Sofia Rodriguez',
    email: 'sofia.rodriguez@example.com',
    country: 'MX',
    tier: 3,
    deposits: [
      ['18000.00', 'USDC'],
      ['25000.00', 'MXN'],
    ],
    methods: [{ rail: 'spei', label: 'Banamex', details: { clabe: '002010077777777771', holderName: 'Sofia Rodriguez' } }],
  },
  {
    type: 'business',
    name: 'Lojas Brasil Ltda',
    email: 'financeiro@lojasbrasil.example',
    country: 'BR',
    tier: 2,
    deposits: [['40000.00', 'USDC']],
    methods: [
      { rail: 'pix', label: 'Pix CNPJ', details: { pixKey: '11.222.333/0001-81', keyType: 'cnpj', holderName: 'Lojas Brasil Ltda' } },
    ],
  },
  {
    type: 'business',
    name: 'Andes Logistics SAS',
    email: 'pagos@andeslogistics.example',
    country: 'CO',
    tier: 1,
    deposits: [['12000.00', 'USDC']],
    methods: [],
  },
  { type: 'business', name: 'StartupXYZ', email: 'founders@startupxyz.example', country: 'AR', tier: 0, deposits: [], methods: [] },
];

type Created = { accounts: Map<string, string>; methods: Map<string, string> };

/** Creates the demo customers through the same use-cases the API runs, inside the tenant's RLS scope. */
export async function seedDemoBusiness(
  db: Database,
  owner: { tenantId: string; userId: string; name: string },
  apiKey: { id: string; name: string },
) {
  const actor: Actor = { tenantId: owner.tenantId, environment: 'test', kind: 'user', id: owner.userId, name: owner.name, role: 'owner' };
  // The customers joined and funded their accounts five weeks ago, before the history below.
  const joined = Date.now() - HISTORY_DAYS * DAY_MS - 7 * DAY_MS;
  const deps = { clock: { now: () => new Date(joined) } };
  const created: Created = { accounts: new Map(), methods: new Map() };
  await withTenant(db, actor, async (tx) => {
    for (const demo of DEMO_ACCOUNTS) {
      const { tier, deposits, methods, ...profile } = demo;
      const account = await accounts.createAccount(tx, deps, actor, profile);
      created.accounts.set(demo.name, account.id);
      if (tier > 0) await accounts.verifyAccount(tx, deps, account.id, tier);
      for (const [amount, currency] of deposits)
        await createDeposit(tx, deps, actor, { accountId: account.id, amount: new Money(amount), currency });
      for (const method of methods) {
        const type = method.rail === 'usdc' ? 'wallet' : 'bank_account';
        const pm = await createPaymentMethod(tx, deps, actor, account.id, {
          type,
          rail: method.rail,
          details: method.details,
          label: method.label,
        });
        created.methods.set(`${demo.name}/${method.label}`, pm.id);
      }
    }
  });
  await seedDemoHistory(db, actor, created);
  await seedDemoTransfers(db, actor, created);
  await seedDemoSchedules(db, actor, created);
  await seedDemoAgents(db, actor, created);
  await seedDemoStreams(db, actor, created);
  // Last: the policy holds API-key and agent transfers from now on, not the history above.
  const backend: Actor = { ...actor, kind: 'api_key', id: apiKey.id, name: apiKey.name, role: 'member' };
  const approved = await seedDemoApprovals(db, actor, backend, created);
  // Then the review queue and the rules: after every other transfer, so no rule sees the seed's own traffic.
  await seedDemoReviews(db, actor, backend, created, approved);
  await withTenant(db, actor, async (tx) => {
    const verification = await verifyLedger(tx);
    if (!verification.ok) throw new Error(`demo seed left the ledger unbalanced: ${JSON.stringify(verification.discrepancies)}`);
  });
}

/**
 * Transfers in every status across the corridors: completed internal moves and payouts, a payout the
 * provider rejects (failed), a conversion into pesos on another account, a cancelled one, and one still pending (its settlement is due in a week);
 * a partial refund and a full one; disputes in every status; a payout its rail sent back (returned).
 */
async function seedDemoTransfers(db: Database, actor: Actor, created: Created) {
  const id = (name: string) => created.accounts.get(name) as string;
  const pm = (key: string) => created.methods.get(key) as string;
  const now = { clock: systemClock, fx: DEMO_FX };
  const settleNow = { ...now, payouts: { provider: simulatedPayoutProvider(), latencyMs: 0 } };
  const settleLater = { ...now, payouts: { provider: simulatedPayoutProvider(), latencyMs: 7 * 24 * 60 * 60 * 1000 } };
  const toReturn: string[] = [];
  await withTenant(db, actor, async (tx) => {
    const invoice = await createInternalTransfer(tx, settleNow, actor, {
      fromAccountId: id('TechCorp Inc'),
      toAccountId: id('Maria Garcia'),
      amount: new Money('2000.00'),
      currency: 'USDC',
      description: 'Consulting invoice 1042',
    });
    // Refunds: part of an overbilled invoice, and all of a payment made twice.
    await createRefund(tx, now, actor, {
      transferId: invoice.id,
      amount: parseDecimalParam('250.00'),
      reason: 'customer_request',
      reasonDetails: 'Invoice 1042 billed 5 hours too many',
    });
    const duplicate = await createInternalTransfer(tx, settleNow, actor, {
      fromAccountId: id('Andes Logistics SAS'),
      toAccountId: id('Carlos Martinez'),
      amount: new Money('150.00'),
      currency: 'USDC',
      description: 'Freight settlement (sent twice)',
    });
    await createRefund(tx, now, actor, { transferId: duplicate.id, reason: 'duplicate_payment' });
    const commission = await createInternalTransfer(tx, settleNow, actor, {
      fromAccountId: id('Lojas Brasil Ltda'),
      toAccountId: id('Ana Silva'),
      amount: new Money('500.00'),
      currency: 'USDC',
      description: 'Commission, November',
    });
    // Disputes in every status: open, under review (answered with a counter-offer), escalated, and
    // resolved with a refund of the second charge.
    const disputeDeps = { clock: systemClock };
    const dispute = (transferId: string, reason: DisputeReason, description: string, amount: string) =>
      createDispute(tx, disputeDeps, actor, { transferId, reason, description, amountDisputed: parseDecimalParam(amount) });
    await dispute(invoice.id, 'quality_issue', 'Deliverables for hours 30 to 40 were never handed over', '300.00');
    const answered = await dispute(commission.id, 'amount_incorrect', 'Commission computed on gross, not net, sales', '100.00');
    await respondDispute(tx, disputeDeps, actor, answered.id, {
      response: 'Clause 4 of the agreement sets the commission on gross sales.',
      acceptClaim: false,
      evidence: [{ type: 'contract', description: 'Signed commission agreement, clause 4' }],
      counterOffer: { resolution: 'partial_refund', amount: parseDecimalParam('25.00'), notes: 'Goodwill, once' },
    });
    const freight = await createInternalTransfer(tx, settleNow, actor, {
      fromAccountId: id('Andes Logistics SAS'),
      toAccountId: id('Carlos Martinez'),
      amount: new Money('400.00'),
      currency: 'USDC',
      description: 'Freight, container 7',
    });
    const lost = await dispute(freight.id, 'service_not_received', 'Container 7 never reached Cartagena', '400.00');
    await escalateDispute(tx, disputeDeps, actor, lost.id);
    const supplies = await createInternalTransfer(tx, settleNow, actor, {
      fromAccountId: id('TechCorp Inc'),
      toAccountId: id('Sofia Rodriguez'),
      amount: new Money('120.00'),
      currency: 'USDC',
      description: 'Office supplies, order 88',
    });
    const twice = await dispute(supplies.id, 'duplicate_charge', 'Order 88 was billed twice', '60.00');
    await resolveDispute(tx, disputeDeps, actor, twice.id, {
      resolution: 'refund_issued',
      resolutionNotes: 'The second charge was refunded.',
    });
    const payout = (from: string, method: string, amount: string, currency: Currency, description: string, deps = settleNow) =>
      createPayout(tx, deps, actor, {
        fromAccountId: id(from),
        paymentMethodId: pm(method),
        amount: new Money(amount),
        currency,
        description,
      });
    await payout('TechCorp Inc', 'TechCorp Inc/Treasury wallet', '1000.00', 'USDC', 'Treasury rebalance');
    const returned = await payout('Maria Garcia', 'Maria Garcia/BBVA México', '500.00', 'USDC', 'Withdrawal to BBVA');
    toReturn.push(returned.id);
    await payout('Sofia Rodriguez', 'Sofia Rodriguez/Banamex', '1200.00', 'USDC', 'Rent, December');
    await payout('Juan Perez', 'Juan Perez/Banco Galicia', '300.00', 'USDC', 'Savings transfer');
    await payout('TechCorp Inc', 'TechCorp Inc/Closed bank account', '750.00', 'USD', 'Vendor refund (closed account)');
    await createPayout(tx, settleNow, actor, {
      fromAccountId: id('TechCorp Inc'),
      toAccountId: id('Sofia Rodriguez'),
      destinationCurrency: 'MXN',
      amount: new Money('300.00'),
      currency: 'USDC',
      description: 'Expenses in pesos',
    });
    await payout('Ana Silva', 'Ana Silva/Pix CPF', '250.00', 'USDC', 'Pending compliance review', settleLater);
    const cancelled = await payout(
      'Carlos Martinez',
      'Carlos Martinez/Bancolombia',
      '400.00',
      'USDC',
      'Cancelled by customer',
      settleLater,
    );
    await cancelTransfer(tx, settleNow, actor, cancelled.id);
  });
  await settleDuePayouts(db, settleNow);
  // The rail sent one back: the name on the account did not match.
  await withTenant(db, actor, async (tx) => {
    for (const transferId of toReturn) {
      await forceReturn(tx, now, { scope: actor, actor: { kind: 'system', id: null, name: 'SPEI' } }, transferId, {
        code: 'name_mismatch',
        reason: 'The beneficiary name does not match the CLABE holder (SPEI devolución).',
      });
    }
  });
}

/**
 * Maker-checker: the policy "Large API payouts" (payouts and internal transfers of 1,000 USD or more that
 * an API key or an agent starts wait for one admin's approval), and TechCorp's backend (the demo key)
 * starting five such transfers through the same use-cases as the API: three still wait — their funds
 * held on TechCorp — for the owner's decision in the Approvals inbox; the owner approved one (completed)
 * and denied one (its hold voided). Payouts stay under 3,000 USD, where no travel rule data is asked for.
 * The backend also opens a schedule (1,200 USDC a month to Andes Logistics) and a stream (2,430 USDC a
 * month to Sofia, funded with 4,000 from TechCorp's 200,000-odd available USDC) the policy matches at
 * creation: both wait in the inbox too — the schedule with no run until approved, the stream funded but
 * not flowing.
 */
async function seedDemoApprovals(db: Database, owner: Actor, backend: Actor, created: Created): Promise<DemoApproved> {
  const id = (name: string) => created.accounts.get(name) as string;
  const pm = (key: string) => created.methods.get(key) as string;
  const deps = { clock: systemClock, fx: DEMO_FX, payouts: { provider: simulatedPayoutProvider(), latencyMs: 0 } };
  let result: DemoApproved | undefined;
  await withTenant(db, owner, async (tx) => {
    await createPolicy(tx, deps, owner, {
      name: 'Large API payouts',
      appliesTo: 'all',
      amountGte: '1000.00',
      initiatorTypes: ['api_key', 'agent'],
      requiredApprovals: 1,
      approverRole: 'admin',
    });
    const internal = (to: string, amount: string, description: string) =>
      createInternalTransfer(tx, deps, backend, {
        fromAccountId: id('TechCorp Inc'),
        toAccountId: id(to),
        amount: new Money(amount),
        currency: 'USDC',
        description,
      });
    const payout = (method: string, amount: string, currency: Currency, description: string) =>
      createPayout(tx, deps, backend, {
        fromAccountId: id('TechCorp Inc'),
        paymentMethodId: pm(`TechCorp Inc/${method}`),
        amount: new Money(amount),
        currency,
        description,
      });
    const approved = await internal('Carlos Martinez', '1200.00', 'Equipment reimbursement — Carlos');
    await approveTransfer(tx, deps, owner, approved.id);
    result = { id: approved.id, toAccountId: id('Carlos Martinez'), amount: '1200.00' };
    const denied = await payout('Operating account', '2400.00', 'USD', 'Vendor payout — Apex Supplies (unverified)');
    await denyTransfer(tx, deps, owner, denied.id, 'Apex Supplies is not on the approved vendor list.');
    await payout('Treasury wallet', '2750.00', 'USDC', 'Treasury top-up to cold storage');
    await internal('Maria Garcia', '2500.00', 'Performance bonus — Maria Garcia');
    await payout('Operating account', '1850.00', 'USD', 'Quarterly tax payment (ACH)');
    const now = deps.clock.now();
    const schedule = await createSchedule(tx, deps, backend, {
      fromAccountId: id('TechCorp Inc'),
      toAccountId: id('Andes Logistics SAS'),
      amount: new Money('1200.00'),
      currency: 'USDC',
      frequency: 'monthly',
      startDate: dateOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1))),
      maxOccurrences: 12,
      timezone: 'UTC',
      description: 'Freight contract — Andes Logistics',
    });
    const stream = await createStream(tx, deps, backend, {
      senderAccountId: id('TechCorp Inc'),
      receiverAccountId: id('Sofia Rodriguez'),
      currency: 'USDC',
      // 0.0009375 USDC a second exactly: the rate reads back as 2,430.00 a month, not 2,429.999999.
      ratePerMonth: new Money('2430.00'),
      fundingAmount: new Money('4000.00'),
      description: 'Design retainer — Sofia Rodriguez',
      category: 'contractor',
    });
    if (schedule.status !== 'requires_approval' || stream.status !== 'requires_approval') {
      throw new Error(`demo seed: the policy should hold the backend's schedule and stream (${schedule.status}, ${stream.status})`);
    }
  });
  return result as DemoApproved;
}

/** The internal transfer the owner approved in seedDemoApprovals (TechCorp → Carlos): the rules' demo finding. */
type DemoApproved = { id: string; toAccountId: string; amount: string };

/**
 * The review queue, one active item of each risk level, and the test environment's rules:
 * - the rules' own findings on TechCorp's approved 1,200 USDC transfer to Carlos, evaluated by the engine
 *   with two rules as flags — a large amount (high; ≥ 1,000 USD) and velocity (medium; more than 3 sends
 *   in 24 h) — so their evidence is the figures the engine saw; the high one assigned to the owner, noted;
 * - two people's flags: a possible sanctions match on Lojas Brasil (critical), and Juan Perez's proof of
 *   address still to collect (low);
 * - then the rules the environment keeps: large amounts (≥ 25,000 USD, half a tier-2 account's
 *   per-transfer limit) held for review and structuring flagged — thresholds no other demo or journey
 *   transfer reaches, so nothing else behaves differently.
 */
async function seedDemoReviews(db: Database, owner: Actor, backend: Actor, created: Created, approved: DemoApproved) {
  const id = (name: string) => created.accounts.get(name) as string;
  const deps = { clock: systemClock, fx: DEMO_FX };
  await withTenant(db, owner, async (tx) => {
    const defaults = await loadRiskRules(tx, 'test');
    const rules = {
      ...defaults,
      amount_threshold: {
        ...defaults.amount_threshold,
        enabled: true,
        action: 'flag' as const,
        riskLevel: 'high' as const,
        amountGteUsd: '1000.00',
      },
      velocity: {
        ...defaults.velocity,
        enabled: true,
        action: 'flag' as const,
        riskLevel: 'medium' as const,
        maxCountPerHour: null,
        maxCountPerDay: 3,
        maxAmountPerHourUsd: null,
        maxAmountPerDayUsd: null,
      },
    };
    const evaluation = await evaluateRisk(tx, deps, rules, {
      type: 'internal',
      transferId: approved.id,
      fromAccountId: id('TechCorp Inc'),
      toAccountId: approved.toAccountId,
      amount: new Money(approved.amount),
      currency: 'USDC',
    });
    if (evaluation.outcome !== 'flag' || evaluation.hits.length !== 2) {
      throw new Error(
        `demo seed: the rules should have flagged the approved transfer twice (${evaluation.outcome}, ${evaluation.hits.length})`,
      );
    }
    const items = await recordRiskOutcome(tx, owner, approved.id, evaluation, { type: 'api_key', id: backend.id, name: backend.name });
    const large = items.find((item) => item.rule_id === 'amount_threshold');
    if (large) {
      await assignReview(tx, deps, owner, large.id, undefined);
      await addNote(tx, deps, owner, large.id, 'Carlos’s equipment invoice is on file; checking it matches the amount.');
    }
    await createFlag(tx, deps, owner, {
      accountId: id('Lojas Brasil Ltda'),
      riskLevel: 'critical',
      reason: 'sanctions_potential_match',
      description: 'A director’s name is close to an entry on a sanctions list: confirm the identity before the next payout.',
    });
    await createFlag(tx, deps, owner, {
      accountId: id('Juan Perez'),
      riskLevel: 'low',
      reason: 'proof_of_address_missing',
      description: 'Proof of address expired; ask for a recent utility bill.',
    });
    await updateRiskRules(tx, deps, 'test', {
      rules: {
        amount_threshold: { enabled: true, action: 'review', amountGteUsd: '25000.00' },
        structuring: { enabled: true, action: 'flag' },
      },
    });
  });
}

/**
 * Four weeks of everyday traffic before today, each day on a clock set to that day, so the home page's
 * 30-day volume chart and the account ledgers have a history: Lojas Brasil pays Ana her commission
 * daily, Andes Logistics pays Carlos every third day, Sofia and Maria cash out to their banks, Juan
 * to his. Amounts vary with the day, deterministically. TechCorp's balances are left untouched.
 */
async function seedDemoHistory(db: Database, actor: Actor, created: Created) {
  const id = (name: string) => created.accounts.get(name) as string;
  const pm = (key: string) => created.methods.get(key) as string;
  const today = new Date();
  const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  for (let daysAgo = HISTORY_DAYS; daysAgo >= 1; daysAgo--) {
    const at = midnight - daysAgo * DAY_MS + (9 + (daysAgo % 8)) * 60 * 60 * 1000; // during business hours, UTC
    const clock = { now: () => new Date(at) };
    const deps = {
      clock,
      fx: DEMO_FX,
      payouts: { provider: simulatedPayoutProvider(), latencyMs: 0 },
    };
    const amount = (base: number, spread: number, step: number) =>
      `${base + ((daysAgo * step) % spread)}.${String((daysAgo * 37) % 100).padStart(2, '0')}`;
    await withTenant(db, actor, async (tx) => {
      const internal = (from: string, to: string, value: string, description: string) =>
        createInternalTransfer(tx, deps, actor, {
          fromAccountId: id(from),
          toAccountId: id(to),
          amount: new Money(value),
          currency: 'USDC',
          description,
        });
      const payout = (from: string, method: string, value: string, description: string) =>
        createPayout(tx, deps, actor, {
          fromAccountId: id(from),
          paymentMethodId: pm(method),
          amount: new Money(value),
          currency: 'USDC',
          description,
        });
      await internal('Lojas Brasil Ltda', 'Ana Silva', amount(400, 600, 13), 'Daily sales commission');
      if (daysAgo % 3 === 0) await internal('Andes Logistics SAS', 'Carlos Martinez', amount(600, 400, 11), 'Freight settlement');
      if (daysAgo % 2 === 0) await payout('Sofia Rodriguez', 'Sofia Rodriguez/Banamex', amount(400, 300, 7), 'Cash out to Banamex');
      if (daysAgo % 5 === 0) await payout('Maria Garcia', 'Maria Garcia/BBVA México', amount(300, 500, 9), 'Cash out to BBVA');
      if (daysAgo % 7 === 0) await payout('Juan Perez', 'Juan Perez/Banco Galicia', amount(60, 40, 3), 'Savings transfer');
      if (daysAgo % 6 === 0) await payout('Ana Silva', 'Ana Silva/Pix CPF', amount(500, 400, 5), 'Withdrawal to Pix');
    });
    await settleDuePayouts(db, { ...deps, clock: { now: () => new Date(at + 60 * 60 * 1000) } });
  }
}

const HISTORY_DAYS = 28;
const DAY_MS = 24 * 60 * 60 * 1000;
const dateOf = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Schedules: a weekly payroll (its first run today), monthly rent paid out over SPEI from the 1st of
 * next month, a paused weekly commission, and a weekly transfer from an account that cannot cover it —
 * created eight days ago, so its first occurrence has failed through every retry and its second is
 * waiting for its next retry. Past runs use a clock set in the past, so their timestamps are honest.
 */
async function seedDemoSchedules(db: Database, actor: Actor, created: Created) {
  const id = (name: string) => created.accounts.get(name) as string;
  const now = new Date();
  const at = (ms: number) => {
    const clock = { now: () => new Date(ms) };
    return {
      clock,
      fx: DEMO_FX,
      payouts: { provider: simulatedPayoutProvider(), latencyMs: 0 },
    };
  };
  const past = now.getTime() - 8 * DAY_MS;
  await withTenant(db, actor, async (tx) => {
    await createSchedule(tx, at(past), actor, {
      fromAccountId: id('Juan Perez'),
      toAccountId: id('Carlos Martinez'),
      amount: new Money('2000.00'),
      currency: 'USDC',
      frequency: 'weekly',
      startDate: dateOf(new Date(past)),
      description: 'Weekly supplier advance (underfunded)',
    });
  });
  for (const offset of [0, 1, 3, 7]) await runDueSchedules(db, at(past + offset * DAY_MS));

  const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  await withTenant(db, actor, async (tx) => {
    await createSchedule(tx, at(now.getTime()), actor, {
      fromAccountId: id('TechCorp Inc'),
      toAccountId: id('Maria Garcia'),
      amount: new Money('1500.00'),
      currency: 'USDC',
      frequency: 'weekly',
      startDate: dateOf(now),
      timezone: 'UTC',
      description: 'Weekly payroll',
    });
    await createSchedule(tx, at(now.getTime()), actor, {
      fromAccountId: id('Sofia Rodriguez'),
      paymentMethodId: created.methods.get('Sofia Rodriguez/Banamex') as string,
      amount: new Money('900.00'),
      currency: 'USDC',
      frequency: 'monthly',
      startDate: dateOf(nextMonth),
      timezone: 'America/Mexico_City',
      description: 'Monthly rent',
    });
    const paused = await createSchedule(tx, at(now.getTime()), actor, {
      fromAccountId: id('Lojas Brasil Ltda'),
      toAccountId: id('Ana Silva'),
      amount: new Money('250.00'),
      currency: 'USDC',
      frequency: 'biweekly',
      startDate: dateOf(new Date(now.getTime() + 3 * DAY_MS)),
      timezone: 'America/Sao_Paulo',
      description: 'Commission (paused)',
    });
    await changeStatus(tx, at(now.getTime()), paused.id, 'pause');
  });
  await runDueSchedules(db, at(now.getTime()));
}

type DemoAgent = {
  name: string;
  account: string;
  type: 'payment' | 'treasury' | 'compliance' | 'custom';
  description: string;
  tier: number;
  limits?: { perTransaction?: string; daily?: string; monthly?: string };
  suspended?: boolean;
  /** Internal transfers it makes (to, amount in USDC, description); one over its limit is logged as refused. */
  pays?: [string, string, string][];
};

const DEMO_AGENTS: DemoAgent[] = [
  {
    name: 'Payroll Autopilot',
    account: 'TechCorp Inc',
    type: 'payment',
    description: 'Runs contractor payroll every Friday.',
    tier: 2,
    limits: { daily: '25000.00' },
    pays: [
      ['Maria Garcia', '1200.00', 'Contractor payroll — Maria'],
      ['Carlos Martinez', '950.00', 'Contractor payroll — Carlos'],
    ],
  },
  {
    name: 'Invoice Bot',
    account: 'Lojas Brasil Ltda',
    type: 'payment',
    description: 'Pays approved supplier invoices.',
    tier: 1,
    limits: { perTransaction: '800.00' },
    pays: [
      ['Ana Silva', '420.00', 'Invoice 2291'],
      ['Ana Silva', '1500.00', 'Invoice 2292 (over the bot’s limit)'],
    ],
  },
  {
    name: 'Treasury Manager',
    account: 'TechCorp Inc',
    type: 'treasury',
    description: 'Rebalances USDC across operating accounts.',
    tier: 3,
    pays: [['Sofia Rodriguez', '5000.00', 'Treasury top-up']],
  },
  {
    name: 'Compliance Sentinel',
    account: 'Andes Logistics SAS',
    type: 'compliance',
    description: 'Watches outgoing flows.',
    tier: 1,
    suspended: true,
  },
  { name: 'Onboarding Scout', account: 'StartupXYZ', type: 'custom', description: 'Awaiting KYA verification.', tier: 0 },
];

/** Five agents across tiers and statuses; the active ones have paid through the same use-case the API runs, with their activity logged. */
async function seedDemoAgents(db: Database, actor: Actor, created: Created) {
  const id = (name: string) => created.accounts.get(name) as string;
  const deps = {
    clock: systemClock,
    credentials: { forgetAgent: () => {} } as unknown as AppDeps['credentials'],
  };
  const transferDeps = {
    clock: systemClock,
    fx: DEMO_FX,
    payouts: { provider: simulatedPayoutProvider(), latencyMs: 0 },
  };
  for (const demo of DEMO_AGENTS) {
    await withTenant(db, actor, async (tx) => {
      const { agent } = await createAgent(tx, deps, actor, {
        accountId: id(demo.account),
        name: demo.name,
        description: demo.description,
        type: demo.type,
        ...(demo.limits ? { limits: demo.limits } : {}),
      });
      if (demo.tier > 0) await changeAgent(tx, deps, agent.id, 'verify', demo.tier);
      const agentActor: Actor = {
        ...actor,
        kind: 'agent',
        id: agent.id,
        name: agent.name,
        agent: {
          accountId: agent.account_id,
          permissions: agent.permissions,
          kyaTier: demo.tier,
          limits: {
            perTransaction: demo.limits?.perTransaction ?? null,
            daily: demo.limits?.daily ?? null,
            monthly: demo.limits?.monthly ?? null,
          },
        },
      };
      for (const [to, amount, description] of demo.pays ?? []) {
        await tx.exec('SAVEPOINT demo_agent_payment');
        const log = {
          tenantId: actor.tenantId,
          environment: actor.environment,
          agentId: agent.id,
          method: 'POST',
          path: '/v1/transfers',
          action: 'createTransfer',
          requestId: null,
          at: new Date(),
        };
        try {
          const transfer = await createInternalTransfer(tx, transferDeps, agentActor, {
            fromAccountId: id(demo.account),
            toAccountId: id(to),
            amount: new Money(amount),
            currency: 'USDC',
            description,
          });
          await tx.exec('RELEASE SAVEPOINT demo_agent_payment');
          await insertActivity(tx, {
            ...log,
            id: randomUUID(),
            objectId: transfer.id,
            statusCode: 201,
            result: 'succeeded',
            errorCode: null,
          });
        } catch (error) {
          await tx.exec('ROLLBACK TO SAVEPOINT demo_agent_payment');
          const code = (error as { code?: string }).code ?? 'error';
          await insertActivity(tx, { ...log, id: randomUUID(), objectId: null, statusCode: 422, result: 'refused', errorCode: code });
        }
      }
      if (demo.suspended) await changeAgent(tx, deps, agent.id, 'suspend');
    });
  }
}

/**
 * Five streams, one per state: healthy (months of runway), warning (days), critical (hours), paused,
 * and depleted — started in the past with a past clock, so their figures are real.
 */
async function seedDemoStreams(db: Database, actor: Actor, created: Created) {
  const id = (name: string) => created.accounts.get(name) as string;
  const now = Date.now();
  const at = (ms: number) => ({ clock: { now: () => new Date(ms) }, fx: DEMO_FX });
  const demo = [
    {
      from: 'TechCorp Inc',
      to: 'Maria Garcia',
      perMonth: '3000.00',
      funding: '10000.00',
      startedDaysAgo: 2,
      description: 'Salary — Maria Garcia',
      category: 'salary',
    },
    {
      from: 'Lojas Brasil Ltda',
      to: 'Ana Silva',
      perMonth: '1500.00',
      funding: undefined,
      startedDaysAgo: 3,
      description: 'Retainer — Ana Silva',
      category: 'contractor',
    },
    {
      from: 'Andes Logistics SAS',
      to: 'Carlos Martinez',
      perMonth: '900.00',
      funding: undefined,
      startedDaysAgo: 7,
      description: 'Fleet lease',
      category: 'subscription',
    },
    {
      from: 'TechCorp Inc',
      to: 'Juan Perez',
      perMonth: '1200.00',
      funding: '2000.00',
      startedDaysAgo: 5,
      description: 'Internship stipend (paused)',
      category: 'salary',
      pause: true,
    },
    {
      from: 'Sofia Rodriguez',
      to: 'Juan Perez',
      perMonth: '600.00',
      funding: undefined,
      startedDaysAgo: 10,
      description: 'Tutoring (ran out)',
      category: 'subscription',
    },
  ];
  for (const d of demo) {
    const started = now - d.startedDaysAgo * DAY_MS;
    await withTenant(db, actor, async (tx) => {
      const stream = await createStream(tx, at(started), actor, {
        senderAccountId: id(d.from),
        receiverAccountId: id(d.to),
        currency: 'USDC',
        ratePerMonth: new Money(d.perMonth),
        ...(d.funding ? { fundingAmount: new Money(d.funding) } : {}),
        description: d.description,
        category: d.category,
      });
      if (d.pause) await pauseStream(tx, at(started + DAY_MS), actor, stream.id);
    });
  }
  await settleStreams(db, at(now));
}
