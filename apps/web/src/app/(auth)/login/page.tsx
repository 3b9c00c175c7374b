'use client';

import { Suspense } from 'react';
import { AuthForm, AuthLink } from '@/components/auth-form';
import { login } from '@/lib/session';

export default function LoginPage() {
  return (
    <Suspense>
      <AuthForm
        title="Log in"
        submitLabel="Log in"
        fields={[
          { name: 'email', label: 'Email', type: 'email', autoComplete: 'email' },
          { name: 'password', label: 'Password', type: 'password', autoComplete: 'current-password' },
        ]}
        onSubmit={(v) => login({ email: v.email ?? '', password: v.password ?? '' })}
        footer={
          <>
            New to PayOS? <AuthLink href="/signup">Create an organization</AuthLink>
          </>
        }
      />
    </Suspense>
  );
}
