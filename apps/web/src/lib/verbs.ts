import { translate } from '@/i18n/active';

/**
 * Success messages built from an action's verb ("suspend" → "Account suspended."). Appending "d" to
 * the verb gave "Account suspendd."; the past tenses of the dashboard's actions are listed, the rule
 * is only the fallback for a verb not listed.
 */
const PAST_TENSE: Record<string, string> = {
  activate: 'activated',
  approve: 'approved',
  cancel: 'cancelled',
  close: 'closed',
  delete: 'deleted',
  deny: 'denied',
  disable: 'disabled',
  enable: 'enabled',
  pause: 'paused',
  reject: 'rejected',
  remove: 'removed',
  resume: 'resumed',
  revoke: 'revoked',
  rotate: 'rotated',
  suspend: 'suspended',
  'top-up': 'topped up',
  verify: 'verified',
  withdraw: 'withdrawn',
};

/** The past tense of an action's verb: listed, else regular English ("escalate" → "escalated", "deploy" → "deployed"). */
export function pastTense(verb: string): string {
  const listed = PAST_TENSE[verb];
  if (listed) return listed;
  if (verb.endsWith('e')) return `${verb}d`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ied`;
  return `${verb}ed`;
}

/** The subjects the dashboard's toasts name: keys of the `verbs.subject` and `verbs.gender` messages. */
const SUBJECTS: Record<string, 'account' | 'agent' | 'schedule' | 'key' | 'stream' | 'endpoint' | 'member'> = {
  Account: 'account',
  Agent: 'agent',
  Schedule: 'schedule',
  Key: 'key',
  Stream: 'stream',
  Endpoint: 'endpoint',
  Member: 'member',
};

/** The verbs with a past participle in every language: keys of the `verbs.past` messages. */
const PAST_KEYS = [
  'activate',
  'approve',
  'cancel',
  'close',
  'delete',
  'deny',
  'disable',
  'enable',
  'pause',
  'reject',
  'remove',
  'resume',
  'revoke',
  'rotate',
  'suspend',
  'topUp',
  'verify',
  'withdraw',
] as const;
const pastKey = (verb: string) => {
  const key = verb === 'top-up' ? 'topUp' : verb;
  return PAST_KEYS.find((k) => k === key);
};

/**
 * "Account" + "suspend" → "Account suspended." in English; in Spanish and Portuguese the participle
 * agrees with the subject ("Cuenta suspendida.", "Agente suspendido.", "Conta suspensa."). A subject or
 * verb not listed falls back to the English rule.
 */
export function doneMessage(subject: string, verb: string): string {
  const subjectKey = SUBJECTS[subject];
  const verbKey = pastKey(verb);
  if (!subjectKey || !verbKey) return `${subject} ${pastTense(verb)}.`;
  const t = translate('verbs');
  return t('done', { subject: t(`subject.${subjectKey}`), verb: t(`past.${verbKey}`, { gender: t(`gender.${subjectKey}`) }) });
}
