'use client';

import { Suspense } from 'react';
import { AuthForm, AuthLink } from '@/components/auth-form';
import { acceptInvite } from '@/lib/session';

export default function AcceptInvitePage() {
  return (
    <Suspense>
      <AuthForm
        title="Join your team"
        submitLabel="Accept invite"
        fields={[
          { name: 'inviteToken', label: 'Invite token', hint: 'From the invite link your admin sent you.' },
          { name: 'name', label: 'Your name', autoComplete: 'name' },
          { name: 'password', label: 'Password', type: 'password', autoComplete: 'new-password', hint: 'At least 12 characters.' },
        ]}
        onSubmit={(v) => acceptInvite({ inviteToken: v.inviteToken ?? '', name: v.name ?? '', password: v.password ?? '' })}
        footer={
          <>
            Already joined? <AuthLink href="/login">Log in</AuthLink>
          </>
        }
      />
    </Suspense>
  );
}
