import { describe, expect, it } from 'vitest';
import { errorAction, fieldLabel, fieldMessage, plainMessage } from './error-words';

describe('plain words for API refusals', () => {
  it('names a field by its label, not its path', () => {
    const clabe = { code: 'parameter_invalid', param: 'details.clabe', message: 'details.clabe check digit does not match.' };
    expect(fieldMessage(clabe)).toBe('Check digit does not match.');
    expect(plainMessage(clabe)).toBe('CLABE check digit does not match.');
    const zod = { code: 'parameter_invalid', param: 'ratePerMonth', message: 'ratePerMonth: must be a decimal string' };
    expect(fieldMessage(zod)).toBe('Must be a decimal string');
    expect(plainMessage(zod)).toBe('Rate per month: must be a decimal string');
    const missing = { code: 'parameter_missing', param: 'beneficiary.name', message: 'beneficiary.name is required.' };
    expect(plainMessage(missing)).toBe('Beneficiary name is required.');
    expect(fieldMessage(missing)).toBe('Required.');
    expect(fieldLabel('originator.accountNumber')).toBe('Originator account number');
  });

  it('leaves a message alone when it does not start with its field', () => {
    expect(fieldMessage({ param: 'amount', message: 'Enter an amount.' })).toBe('Enter an amount.');
    expect(plainMessage({ code: 'invalid_state', message: 'Cannot pause a stream that is cancelled.' })).toBe(
      'Cannot pause a stream that is cancelled.',
    );
  });

  it('says a limit with its figures and offers verification', () => {
    const refusal = {
      code: 'limit_exceeded',
      message: "This would exceed the account's per-transaction limit.",
      details: {
        limitType: 'per_transaction',
        limit: '5000.00',
        used: '0.00',
        requested: '6000',
        currency: 'USD',
        tier: 1,
        nextTier: { tier: 2, limit: '50000.00' },
      },
    };
    expect(plainMessage(refusal)).toBe('This account may send at most 5,000.00 USD in a payment; this payment is 6,000.00 USD.');
    expect(errorAction(refusal, { accountId: 'acc_1' })).toEqual({
      label: 'Verify this account to raise its limit to 50,000.00 USD',
      href: '/accounts/acc_1',
    });
    const daily = {
      ...refusal,
      details: { ...refusal.details, limitType: 'daily', limit: '20000.00', used: '19999.50', requested: '1.00' },
    };
    expect(plainMessage(daily)).toBe(
      'This account may send at most 20,000.00 USD in a day, 19,999.50 USD already used; this payment is 1.00 USD.',
    );
    const top = { ...refusal, details: { ...refusal.details, tier: 3, nextTier: undefined } };
    expect(errorAction(top, { accountId: 'acc_1' })).toBeUndefined();
    const agent = { ...refusal, details: { ...refusal.details, scope: 'agent' } };
    expect(plainMessage(agent)).toMatch(/^This agent may send at most/);
    expect(errorAction(agent, { accountId: 'acc_1' })).toBeUndefined();
  });

  it('says what is missing when funds are short', () => {
    expect(
      plainMessage({
        code: 'insufficient_funds',
        message: 'Insufficient available USDC balance.',
        details: { accountId: 'a', currency: 'USDC', available: '10.500000', required: '12.345678' },
      }),
    ).toBe('Not enough money: 10.50 USDC available, 12.35 USDC needed.');
  });
});

describe('refusals in Spanish and Portuguese', () => {
  it('phrase limits, funds and fields in the active language, with its number format', async () => {
    const { setActiveLocale } = await import('@/i18n/active');
    try {
      setActiveLocale('pt-BR');
      expect(
        plainMessage({
          message: 'limit',
          code: 'limit_exceeded',
          details: { limitType: 'daily', limit: '20000.00', used: '19000.00', requested: '1500.00' },
        }),
      ).toBe('Esta conta pode enviar no máximo 20.000,00 USD por dia, 19.000,00 USD já usados; este pagamento é de 1.500,00 USD.');
      setActiveLocale('es-419');
      expect(
        plainMessage({ message: 'x', code: 'insufficient_funds', details: { available: '5.00', required: '7.00', currency: 'MXN' } }),
      ).toBe('Saldo insuficiente: 5.00 MXN disponibles, se necesitan 7.00 MXN.');
      expect(fieldLabel('details.clabe')).toBe('CLABE');
      expect(fieldLabel('amount')).toBe('Monto');
    } finally {
      setActiveLocale('en');
    }
    expect(fieldLabel('amount')).toBe('Amount');
  });
});

describe('refusals in the dashboard language', () => {
  it('says a refusal whose code says it all in Spanish or Portuguese, and keeps the API message in English', async () => {
    const { setActiveLocale } = await import('@/i18n/active');
    const blocked = { code: 'transfer_blocked', message: 'Blocked by risk rule velocity (ri_123).' };
    const unknown = { code: 'something_new', message: 'A refusal the dashboard has no words for.' };
    try {
      expect(plainMessage(blocked)).toBe(blocked.message);
      setActiveLocale('es-419');
      expect(plainMessage(blocked)).toBe('Una regla de riesgo bloqueó este pago.');
      expect(
        plainMessage({ code: 'self_transfer', param: 'toAccountId', message: 'fromAccountId and toAccountId must be different accounts.' }),
      ).toBe('Elige dos cuentas distintas.');
      expect(plainMessage(unknown)).toBe(unknown.message);
      setActiveLocale('pt-BR');
      expect(plainMessage({ code: 'rate_limited', message: 'Too many requests.' })).toBe(
        'Solicitações demais. Aguarde alguns segundos e tente de novo.',
      );
    } finally {
      setActiveLocale('en');
    }
  });
});
