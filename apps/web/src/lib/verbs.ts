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

/** "Account" + "suspend" → "Account suspended." */
export const doneMessage = (subject: string, verb: string) => `${subject} ${pastTense(verb)}.`;
