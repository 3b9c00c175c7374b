import { type Database, withTenant } from '@payos/db';
import { type Currency, Money } from '@payos/money';
import { type Actor, systemClock } from '../context.js';
import * as accounts from '../modules/accounts/accounts.service.js';
import { createDeposit } from '../modules/deposits/deposits.service.js';
import { staticRateProvider } from '../modules/fx/rates.js';
import { verifyLedger } from '../modules/ledger/ledger.repo.js';
import type { Rail } from '../modules/payment-methods/payment-methods.rails.js';
import { createPaymentMethod } from '../modules/payment-methods/payment-methods.service.js';
import { cancelTransfer, createPayout, settleDuePayouts } from '../modules/payouts/payouts.service.js';
import { simulatedPayoutProvider } from '../modules/payouts/provider.js';
import { changeStatus, createSchedule, runDueSchedules } from '../modules/schedules/schedules.service.js';
import { createInternalTransfer } from '../modules/transfers/transfers.service.js';

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
export async function seedDemoBusiness(db: Database, owner: { tenantId: string; userId: string; name: string }) {
  const actor: Actor = { tenantId: owner.tenantId, environment: 'test', kind: 'user', id: owner.userId, name: owner.name, role: 'owner' };
  const deps = { clock: systemClock };
  const created: Created = { accounts: new Map(), methods: new Map() };
  await withTenant(db, actor, async (tx) => {
    for (const demo of DEMO_ACCOUNTS) {
      const { tier, deposits, methods, ...profile } = demo;
      const account = await accounts.createAccount(tx, deps, actor, profile);
      created.accounts.set(demo.name, account.id);
      if (tier > 0) await accounts.verifyAccount(tx, deps, account.id, tier);
      for (const [amount, currency] of deposits) await createDeposit(tx, deps, actor, { accountId: account.id, amount, currency });
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
  await seedDemoTransfers(db, actor, created);
  await seedDemoSchedules(db, actor, created);
  await withTenant(db, actor, async (tx) => {
    const verification = await verifyLedger(tx);
    if (!verification.ok) throw new Error(`demo seed left the ledger unbalanced: ${JSON.stringify(verification.discrepancies)}`);
  });
}

/**
 * Transfers in every status across the corridors: completed internal moves and payouts, a payout the
 * provider rejects (failed), a conversion into pesos on another account, a cancelled one, and one still pending (its settlement is due in a week).
 */
async function seedDemoTransfers(db: Database, actor: Actor, created: Created) {
  const id = (name: string) => created.accounts.get(name) as string;
  const pm = (key: string) => created.methods.get(key) as string;
  const now = { clock: systemClock, fx: { provider: staticRateProvider(), spread: new Money(0) } };
  const settleNow = { ...now, payouts: { provider: simulatedPayoutProvider(), latencyMs: 0 } };
  const settleLater = { ...now, payouts: { provider: simulatedPayoutProvider(), latencyMs: 7 * 24 * 60 * 60 * 1000 } };
  await withTenant(db, actor, async (tx) => {
    await createInternalTransfer(tx, settleNow, actor, {
      fromAccountId: id('TechCorp Inc'),
      toAccountId: id('Maria Garcia'),
      amount: '2000.00',
      currency: 'USDC',
      description: 'Consulting invoice 1042',
    });
    await createInternalTransfer(tx, settleNow, actor, {
      fromAccountId: id('Lojas Brasil Ltda'),
      toAccountId: id('Ana Silva'),
      amount: '500.00',
      currency: 'USDC',
      description: 'Commission, November',
    });
    const payout = (from: string, method: string, amount: string, currency: Currency, description: string, deps = settleNow) =>
      createPayout(tx, deps, actor, { fromAccountId: id(from), paymentMethodId: pm(method), amount, currency, description });
    await payout('TechCorp Inc', 'TechCorp Inc/Treasury wallet', '1000.00', 'USDC', 'Treasury rebalance');
    await payout('Maria Garcia', 'Maria Garcia/BBVA México', '500.00', 'USDC', 'Withdrawal to BBVA');
    await payout('Sofia Rodriguez', 'Sofia Rodriguez/Banamex', '1200.00', 'USDC', 'Rent, December');
    await payout('Juan Perez', 'Juan Perez/Banco Galicia', '300.00', 'USDC', 'Savings transfer');
    await payout('TechCorp Inc', 'TechCorp Inc/Closed bank account', '750.00', 'USD', 'Vendor refund (closed account)');
    await createPayout(tx, settleNow, actor, {
      fromAccountId: id('TechCorp Inc'),
      toAccountId: id('Sofia Rodriguez'),
      destinationCurrency: 'MXN',
      amount: '300.00',
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
}

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
      fx: { provider: staticRateProvider(), spread: new Money(0) },
      payouts: { provider: simulatedPayoutProvider(), latencyMs: 0 },
    };
  };
  const past = now.getTime() - 8 * DAY_MS;
  await withTenant(db, actor, async (tx) => {
    await createSchedule(tx, at(past), actor, {
      fromAccountId: id('Juan Perez'),
      toAccountId: id('Carlos Martinez'),
      amount: '2000.00',
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
      amount: '1500.00',
      currency: 'USDC',
      frequency: 'weekly',
      startDate: dateOf(now),
      timezone: 'UTC',
      description: 'Weekly payroll',
    });
    await createSchedule(tx, at(now.getTime()), actor, {
      fromAccountId: id('Sofia Rodriguez'),
      paymentMethodId: created.methods.get('Sofia Rodriguez/Banamex') as string,
      amount: '900.00',
      currency: 'USDC',
      frequency: 'monthly',
      startDate: dateOf(nextMonth),
      timezone: 'America/Mexico_City',
      description: 'Monthly rent',
    });
    const paused = await createSchedule(tx, at(now.getTime()), actor, {
      fromAccountId: id('Lojas Brasil Ltda'),
      toAccountId: id('Ana Silva'),
      amount: '250.00',
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
