import type { Rail } from '@payos/contracts';
import type { Currency } from '@payos/money';
import { z } from 'zod';
import {
  type Check,
  checkAbaRouting,
  checkBrazilPhone,
  checkCbu,
  checkClabe,
  checkCnpj,
  checkCpf,
  checkEmail,
  checkEvmAddress,
  checkRandomPixKey,
} from './validators.js';

export type { Rail } from '@payos/contracts';

const holderName = z.string().trim().min(1).max(140);
const stripSeparators = (value: string) => value.replace(/[\s.\-/]/g, '');

type RailSpec = {
  currency: Currency;
  type: 'bank_account' | 'wallet';
  schema: z.ZodType<Record<string, string>>;
  /** Field → checksum/format check (after the schema normalised the value). */
  checks: (details: Record<string, string>) => Partial<Record<string, Check>>;
  /** The identifying number whose last four digits are shown. */
  number: (details: Record<string, string>) => string;
  masked: (details: Record<string, string>) => Record<string, string>;
};

const PIX_KEY_CHECKS: Record<string, Check> = {
  cpf: checkCpf,
  cnpj: checkCnpj,
  email: checkEmail,
  phone: checkBrazilPhone,
  random: checkRandomPixKey,
};

export const mask = (value: string) => `••••${value.slice(-4)}`;

/** What each rail accepts in `details`, how it is validated, and how it is shown. */
export const RAILS: Record<Rail, RailSpec> = {
  spei: {
    currency: 'MXN',
    type: 'bank_account',
    schema: z.strictObject({ clabe: z.string().transform(stripSeparators), holderName }),
    checks: () => ({ clabe: checkClabe }),
    number: (d) => d.clabe as string,
    masked: (d) => ({ clabe: mask(d.clabe as string), holderName: d.holderName as string }),
  },
  pix: {
    currency: 'BRL',
    type: 'bank_account',
    schema: z
      .strictObject({ pixKey: z.string().trim().min(1).max(77), keyType: z.enum(['cpf', 'cnpj', 'email', 'phone', 'random']), holderName })
      .transform((d) => ({ ...d, pixKey: d.keyType === 'cpf' || d.keyType === 'cnpj' ? stripSeparators(d.pixKey) : d.pixKey })),
    checks: (d) => ({ pixKey: PIX_KEY_CHECKS[d.keyType as string] }),
    number: (d) => d.pixKey as string,
    masked: (d) => ({ pixKey: mask(d.pixKey as string), keyType: d.keyType as string, holderName: d.holderName as string }),
  },
  ach: {
    currency: 'USD',
    type: 'bank_account',
    schema: z.strictObject({
      routingNumber: z.string().transform(stripSeparators),
      accountNumber: z.string().regex(/^\d{4,17}$/, 'must be 4 to 17 digits'),
      holderName,
    }),
    checks: () => ({ routingNumber: checkAbaRouting }),
    number: (d) => d.accountNumber as string,
    masked: (d) => ({
      routingNumber: d.routingNumber as string,
      accountNumber: mask(d.accountNumber as string),
      holderName: d.holderName as string,
    }),
  },
  cbu: {
    currency: 'ARS',
    type: 'bank_account',
    schema: z.strictObject({ cbu: z.string().transform(stripSeparators), holderName }),
    checks: () => ({ cbu: checkCbu }),
    number: (d) => d.cbu as string,
    masked: (d) => ({ cbu: mask(d.cbu as string), holderName: d.holderName as string }),
  },
  cop_bank: {
    currency: 'COP',
    type: 'bank_account',
    schema: z.strictObject({
      bankCode: z.string().regex(/^\d{1,10}$/, 'must be 1 to 10 digits'),
      accountNumber: z.string().regex(/^\d{6,20}$/, 'must be 6 to 20 digits'),
      accountType: z.enum(['savings', 'checking']),
      holderName,
      documentId: z.string().regex(/^[0-9A-Za-z]{5,20}$/, 'must be 5 to 20 letters or digits'),
    }),
    checks: () => ({}),
    number: (d) => d.accountNumber as string,
    masked: (d) => ({
      bankCode: d.bankCode as string,
      accountNumber: mask(d.accountNumber as string),
      accountType: d.accountType as string,
      holderName: d.holderName as string,
      documentId: mask(d.documentId as string),
    }),
  },
  usdc: {
    currency: 'USDC',
    type: 'wallet',
    schema: z.strictObject({ address: z.string().trim(), network: z.enum(['base', 'polygon', 'ethereum']) }),
    checks: () => ({ address: checkEvmAddress }),
    number: (d) => d.address as string,
    masked: (d) => ({ address: `${(d.address as string).slice(0, 6)}…${(d.address as string).slice(-4)}`, network: d.network as string }),
  },
};
