'use client';

import { Button } from '@payos/ui';
import { Check, Copy } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';

/** A secret shown once (API key, invite token), with a copy button. */
export function SecretReveal({ label, value, note }: { label: string; value: string; note?: string }) {
  const [copied, setCopied] = useState(false);
  const t = useTranslations('common');
  return (
    <div className="grid min-w-0 gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-900 dark:bg-amber-950/40">
      <p className="text-sm font-medium">{label}</p>
      {/* On a phone the secret wraps inside its box, whole, rather than being cut at the screen's edge. */}
      <div className="flex items-center gap-2 max-sm:items-start">
        <code
          data-testid="secret"
          className="min-w-0 flex-1 truncate rounded bg-background px-2 py-1.5 text-xs max-sm:whitespace-normal max-sm:break-all"
        >
          {value}
        </code>
        <Button
          variant="outline"
          size="sm"
          onClick={async () => {
            await navigator.clipboard?.writeText(value).catch(() => undefined);
            setCopied(true);
          }}
        >
          {copied ? <Check className="h-3 w-3" /> : <Copy className="h-3 w-3" />} {copied ? t('copied') : t('copy')}
        </Button>
      </div>
      <p className="text-xs text-muted-foreground">{note ?? t('storeSecret')}</p>
    </div>
  );
}
