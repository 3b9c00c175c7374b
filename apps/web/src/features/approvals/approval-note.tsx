'use client';

import type { ApprovalObjectType } from '@payos/contracts';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useEnvironment } from '@/lib/environment';
import { approvalsSoFar, expiresIn } from './decide';
import { objectApprovalQuery } from './queries';

/**
 * A schedule or stream waiting for approval: what waiting means for it, how far its approvals got and
 * when it expires (when the user's role may decide it: the inbox shows only those), and the way to the
 * Approvals inbox, filtered to its kind.
 */
export function ApprovalNote({ objectType, id, meanwhile }: { objectType: ApprovalObjectType; id: string; meanwhile: string }) {
  const env = useEnvironment();
  const approval = useQuery(objectApprovalQuery(env, objectType, id));
  const a = approval.data;
  const t = useTranslations('approvals.note');
  return (
    <section
      aria-label={t('label')}
      className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-900 dark:bg-amber-950/40"
      data-testid={`${objectType}-approval`}
    >
      <p>{t('holds', { type: objectType, meanwhile })}</p>
      {a ? (
        <p className="text-muted-foreground">
          {t('progress', {
            done: approvalsSoFar(a),
            required: a.requiredApprovals,
            policy: a.policy.name,
            expires: expiresIn(a.expiresAt),
          })}
        </p>
      ) : null}
      <Link href={`/approvals?type=${objectType}`} className="text-primary hover:underline">
        {a?.canDecide ? t('decide') : t('inbox')}
      </Link>
    </section>
  );
}
