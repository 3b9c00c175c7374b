import type { Currency } from '@payos/money';
import type { Rail } from '../payment-methods/payment-methods.rails.js';

export type Corridor = {
  id: string;
  fromCurrency: Currency;
  toCurrency: Currency;
  rail: Rail;
  railName: string;
  settlementEstimate: string;
  /** Corridor-specific fixed fee in the source currency, if any. */
  fixedFee?: string;
  limits: { minAmount: string; maxAmount: string };
};

const payoutRails: { to: Currency; rail: Rail; railName: string; settlementEstimate: string }[] = [
  { to: 'MXN', rail: 'spei', railName: 'SPEI', settlementEstimate: 'minutes' },
  { to: 'BRL', rail: 'pix', railName: 'Pix', settlementEstimate: 'seconds' },
  { to: 'COP', rail: 'cop_bank', railName: 'Local bank transfer (ACH Colombia)', settlementEstimate: 'same business day' },
  { to: 'ARS', rail: 'cbu', railName: 'Local bank transfer (CBU)', settlementEstimate: 'same business day' },
];

/** Every supported corridor (docs/MONEY.md, FX pricing): USD/USDC to the four LatAm currencies, USD ACH, USDC wallets. */
export const CORRIDORS: Corridor[] = [
  ...(['USD', 'USDC'] as const).flatMap((from) =>
    payoutRails.map((r) => ({
      id: `${from}_${r.to}`,
      fromCurrency: from,
      toCurrency: r.to,
      rail: r.rail,
      railName: r.railName,
      settlementEstimate: r.settlementEstimate,
      ...(from === 'USD' && r.to === 'BRL' && { fixedFee: '1.50' }),
      limits: { minAmount: '1.00', maxAmount: '500000.00' },
    })),
  ),
  {
    id: 'USD_USD',
    fromCurrency: 'USD',
    toCurrency: 'USD',
    rail: 'ach',
    railName: 'ACH',
    settlementEstimate: '1–2 business days',
    limits: { minAmount: '1.00', maxAmount: '500000.00' },
  },
  {
    id: 'USDC_USDC',
    fromCurrency: 'USDC',
    toCurrency: 'USDC',
    rail: 'usdc',
    railName: 'USDC on Base, Polygon or Ethereum',
    settlementEstimate: 'minutes',
    limits: { minAmount: '1.00', maxAmount: '500000.00' },
  },
];

export const findCorridor = (from: Currency, to: Currency) => CORRIDORS.find((c) => c.fromCurrency === from && c.toCurrency === to);
