import { describe, expect, it } from 'vitest';
import { doneMessage, pastTense } from './verbs';

describe('success messages from verbs', () => {
  it('spells the past tense of every action the dashboard names', () => {
    expect(doneMessage('Account', 'suspend')).toBe('Account suspended.');
    expect(doneMessage('Agent', 'suspend')).toBe('Agent suspended.');
    expect(doneMessage('Account', 'activate')).toBe('Account activated.');
    expect(doneMessage('Schedule', 'cancel')).toBe('Schedule cancelled.');
    expect(doneMessage('Schedule', 'pause')).toBe('Schedule paused.');
    expect(doneMessage('Schedule', 'resume')).toBe('Schedule resumed.');
    expect(doneMessage('Key', 'revoke')).toBe('Key revoked.');
    expect(pastTense('verify')).toBe('verified');
    expect(pastTense('deny')).toBe('denied');
    expect(pastTense('top-up')).toBe('topped up');
    expect(pastTense('withdraw')).toBe('withdrawn');
  });

  it('falls back to regular English, never a doubled letter', () => {
    expect(pastTense('escalate')).toBe('escalated');
    expect(pastTense('assign')).toBe('assigned');
    expect(pastTense('deploy')).toBe('deployed');
    expect(pastTense('notify')).toBe('notified');
    for (const verb of ['suspend', 'activate', 'cancel', 'pause', 'resume', 'revoke', 'rotate', 'delete', 'remove', 'disable', 'close']) {
      expect(pastTense(verb)).not.toMatch(/dd$|eed$/);
    }
  });
});

describe('success messages in Spanish and Portuguese', () => {
  it('make the participle agree with the subject', async () => {
    const { setActiveLocale } = await import('@/i18n/active');
    try {
      setActiveLocale('es-419');
      expect(doneMessage('Account', 'suspend')).toBe('Cuenta suspendida.');
      expect(doneMessage('Agent', 'suspend')).toBe('Agente suspendido.');
      expect(doneMessage('Schedule', 'top-up')).toBe('Programación recargada.');
      setActiveLocale('pt-BR');
      expect(doneMessage('Account', 'suspend')).toBe('Conta suspensa.');
      expect(doneMessage('Schedule', 'cancel')).toBe('Agendamento cancelado.');
      expect(doneMessage('Key', 'revoke')).toBe('Chave revogada.');
    } finally {
      setActiveLocale('en');
    }
    expect(doneMessage('Key', 'revoke')).toBe('Key revoked.');
  });
});
