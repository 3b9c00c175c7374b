'use client';

import { useTranslations } from 'next-intl';
import { Suspense } from 'react';
import { AuthForm, AuthLink } from '@/components/auth-form';
import { signup } from '@/lib/session';

export default function SignupPage() {
  const t = useTranslations('auth');
  return (
    <Suspense>
      <AuthForm
        title={t('signup.title')}
        submitLabel={t('signup.submit')}
        fields={[
          { name: 'organizationName', label: t('signup.organizationName'), autoComplete: 'organization' },
          { name: 'name', label: t('yourName'), autoComplete: 'name' },
          { name: 'email', label: t('signup.workEmail'), type: 'email', autoComplete: 'email' },
          { name: 'password', label: t('password'), type: 'password', autoComplete: 'new-password', hint: t('passwordHint') },
        ]}
        onSubmit={(v) =>
          signup({ organizationName: v.organizationName ?? '', name: v.name ?? '', email: v.email ?? '', password: v.password ?? '' })
        }
        footer={
          <>
            {t('signup.haveAccount')} <AuthLink href="/login">{t('login.submit')}</AuthLink>
          </>
        }
      />
    </Suspense>
  );
}
