/** A positive decimal amount as the API accepts it: digits, at most one dot, up to 6 decimals, not zero. */
const AMOUNT = /^\d{1,15}(\.\d{1,6})?$/;

export function isValidAmount(input: string): boolean {
  return AMOUNT.test(input) && /[1-9]/.test(input);
}
