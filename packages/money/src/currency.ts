/** Currencies PayOS moves, with the number of fraction digits each is quoted in. */
export const CURRENCY_SCALES = {
  USD: 2,
  USDC: 6,
  MXN: 2,
  BRL: 2,
  COP: 2,
  ARS: 2,
} as const;

export type Currency = keyof typeof CURRENCY_SCALES;

export const CURRENCIES = Object.keys(CURRENCY_SCALES) as Currency[];

export function isCurrency(value: unknown): value is Currency {
  return typeof value === 'string' && Object.hasOwn(CURRENCY_SCALES, value);
}

export function scaleOf(currency: Currency): number {
  return CURRENCY_SCALES[currency];
}
