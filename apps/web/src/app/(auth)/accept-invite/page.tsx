'use client';

import { useTranslations } from 'next-intl';
import { Suspense } from 'react';
import { AuthForm, AuthLink } from '@/components/auth-form';
import { acceptInvite } from '@/lib/session';

export default function AcceptInvitePage() {
  const t = useTranslations('auth');
  return (
    <Suspense>
      <AuthForm
        title={t('invite.title')}
        submitLabel={t('invite.submit')}
        fields={[
          { name: 'inviteToken', label: t('invite.token'), hint: t('invite.tokenHint') },
          { name: 'name', label: t('yourName'), autoComplete: 'name' },
          { name: 'password', label: t('password'), type: 'password', autoComplete: 'new-password', hint: t('passwordHint') },
        ]}
        onSubmit={(v) => acceptInvite({ inviteToken: v.inviteToken ?? '', name: v.name ?? '', password: v.password ?? '' })}
        footer={
          <>
            {t('invite.joined')} <AuthLink href="/login">{t('login.submit')}</AuthLink>
          </>
        }
      />
    </Suspense>
  );
}
