import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** Each validator returns null when valid, or the reason it is not (used in the error message). */
export type Check = (value: string) => string | null;

const digits = (value: string) => [...value].map(Number);
const allSame = (value: string) => /^(\d)\1*$/.test(value);

/** Mexican CLABE: 18 digits, weights 3-7-1 over the first 17, check = (10 − Σ mod 10) mod 10. */
export const checkClabe: Check = (value) => {
  if (!/^\d{18}$/.test(value)) return 'must be 18 digits';
  const d = digits(value);
  const weights = [3, 7, 1];
  const sum = d.slice(0, 17).reduce((acc, digit, i) => acc + ((digit * (weights[i % 3] as number)) % 10), 0);
  return (10 - (sum % 10)) % 10 === d[17] ? null : 'check digit does not match';
};

/** Brazilian CPF: 11 digits, two mod-11 check digits; all-equal sequences are invalid. */
export const checkCpf: Check = (value) => {
  if (!/^\d{11}$/.test(value)) return 'must be 11 digits';
  if (allSame(value)) return 'is not a valid CPF';
  const d = digits(value);
  const check = (length: number) => {
    const sum = d.slice(0, length).reduce((acc, digit, i) => acc + digit * (length + 1 - i), 0);
    const r = (sum * 10) % 11;
    return r === 10 ? 0 : r;
  };
  return check(9) === d[9] && check(10) === d[10] ? null : 'check digits do not match';
};

/** Brazilian CNPJ: 14 digits, two mod-11 check digits with weights 5..2,9..2 and 6..2,9..2. */
export const checkCnpj: Check = (value) => {
  if (!/^\d{14}$/.test(value)) return 'must be 14 digits';
  if (allSame(value)) return 'is not a valid CNPJ';
  const d = digits(value);
  const check = (weights: number[]) => {
    const r = weights.reduce((acc, w, i) => acc + w * (d[i] as number), 0) % 11;
    return r < 2 ? 0 : 11 - r;
  };
  const first = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
  return check(first) === d[12] && check([6, ...first]) === d[13] ? null : 'check digits do not match';
};

/** US ABA routing number: 9 digits, 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10). */
export const checkAbaRouting: Check = (value) => {
  if (!/^\d{9}$/.test(value)) return 'must be 9 digits';
  if (/^0+$/.test(value)) return 'is not a valid routing number';
  const d = digits(value) as [number, number, number, number, number, number, number, number, number];
  const sum = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8]);
  return sum % 10 === 0 ? null : 'checksum does not match';
};

/** Argentine CBU: 22 digits in two blocks, each closed by a weighted check digit (weights 7-1-3-9 / 3-9-7-1). */
export const checkCbu: Check = (value) => {
  if (!/^\d{22}$/.test(value)) return 'must be 22 digits';
  const d = digits(value);
  const block = (values: number[], weights: number[]) => {
    const sum = values.reduce((acc, digit, i) => acc + digit * (weights[i % weights.length] as number), 0);
    return (10 - (sum % 10)) % 10;
  };
  if (block(d.slice(0, 7), [7, 1, 3, 9]) !== d[7]) return 'first check digit (bank and branch) does not match';
  if (block(d.slice(8, 21), [3, 9, 7, 1]) !== d[21]) return 'second check digit (account) does not match';
  return null;
};

/** EVM address: 0x + 40 hex; mixed case must carry a valid EIP-55 checksum. */
export const checkEvmAddress: Check = (value) => {
  if (!/^0x[0-9a-fA-F]{40}$/.test(value)) return 'must be 0x followed by 40 hexadecimal characters';
  const body = value.slice(2);
  if (body === body.toLowerCase() || body === body.toUpperCase()) return null;
  return value === toChecksumAddress(value) ? null : 'mixed-case address fails the EIP-55 checksum';
};

export function toChecksumAddress(address: string): string {
  const lower = address.slice(2).toLowerCase();
  const hash = bytesToHex(keccak_256(new TextEncoder().encode(lower)));
  let out = '0x';
  for (let i = 0; i < lower.length; i++) {
    const char = lower[i] as string;
    out += Number.parseInt(hash[i] as string, 16) >= 8 ? char.toUpperCase() : char;
  }
  return out;
}

export const checkBrazilPhone: Check = (value) => (/^\+55\d{10,11}$/.test(value) ? null : 'must be +55 followed by 10 or 11 digits');
export const checkRandomPixKey: Check = (value) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? null : 'must be a UUID';
export const checkEmail: Check = (value) =>
  /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/.test(value) && value.length <= 77 ? null : 'must be an e-mail address';
