'use client';

import { useTranslations } from 'next-intl';
import { Suspense } from 'react';
import { AuthForm, AuthLink } from '@/components/auth-form';
import { login } from '@/lib/session';

export default function LoginPage() {
  const t = useTranslations('auth');
  return (
    <Suspense>
      <AuthForm
        title={t('login.title')}
        submitLabel={t('login.submit')}
        fields={[
          { name: 'email', label: t('email'), type: 'email', autoComplete: 'email' },
          { name: 'password', label: t('password'), type: 'password', autoComplete: 'current-password' },
        ]}
        onSubmit={(v) => login({ email: v.email ?? '', password: v.password ?? '' })}
        footer={
          <>
            {t('login.newHere')} <AuthLink href="/signup">{t('login.create')}</AuthLink>
          </>
        }
      />
    </Suspense>
  );
}
