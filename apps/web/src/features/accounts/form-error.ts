import { translate } from '@/i18n/active';
import type { FieldError } from '@/lib/payos';

type Issue = { path: readonly PropertyKey[]; message: string };

/**
 * The first issue of a contract schema's `safeParse`, shaped like the API's 400 for it (the field in
 * `param`), so a form shows a failure caught in the browser where it shows the API's.
 */
export function formError(issues: readonly Issue[]): FieldError {
  const issue = issues[0];
  const param = issue?.path.map(String).join('.') || undefined;
  return { message: issue?.message ?? translate('accounts')('checkForm'), param };
}
