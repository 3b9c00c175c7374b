'use client';

import { Suspense } from 'react';
import { AuthForm, AuthLink } from '@/components/auth-form';
import { signup } from '@/lib/session';

export default function SignupPage() {
  return (
    <Suspense>
      <AuthForm
        title="Create your organization"
        submitLabel="Create organization"
        fields={[
          { name: 'organizationName', label: 'Organization name', autoComplete: 'organization' },
          { name: 'name', label: 'Your name', autoComplete: 'name' },
          { name: 'email', label: 'Work email', type: 'email', autoComplete: 'email' },
          { name: 'password', label: 'Password', type: 'password', autoComplete: 'new-password', hint: 'At least 12 characters.' },
        ]}
        onSubmit={(v) =>
          signup({ organizationName: v.organizationName ?? '', name: v.name ?? '', email: v.email ?? '', password: v.password ?? '' })
        }
        footer={
          <>
            Already have an account? <AuthLink href="/login">Log in</AuthLink>
          </>
        }
      />
    </Suspense>
  );
}
