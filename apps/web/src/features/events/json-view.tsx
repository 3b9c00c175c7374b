'use client';

import { Button } from '@payos/ui';
import { Check, Copy } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';

/**
 * A JSON value as a collapsible tree (objects and arrays fold with <details>), with a copy of the
 * whole document. Values are shown as the API sent them: amounts are strings there, never numbers.
 */
export function JsonView({ value, label }: { value: unknown; label?: string }) {
  const [copied, setCopied] = useState(false);
  const t = useTranslations('events');
  return (
    <div className="grid gap-2">
      <div className="flex items-center justify-between gap-2">
        {label ? <h3 className="text-sm font-medium">{label}</h3> : <span />}
        <Button
          variant="outline"
          size="sm"
          onClick={async () => {
            await navigator.clipboard?.writeText(JSON.stringify(value, null, 2)).catch(() => undefined);
            setCopied(true);
          }}
        >
          {copied ? <Check className="h-3 w-3" /> : <Copy className="h-3 w-3" />} {copied ? t('copied') : t('copyJson')}
        </Button>
      </div>
      <div className="max-h-[60vh] overflow-auto rounded-md bg-muted p-3 font-mono text-xs" data-testid="json-view">
        <Node value={value} depth={0} />
      </div>
    </div>
  );
}

function Scalar({ value }: { value: unknown }) {
  if (value === null) return <span className="text-muted-foreground">null</span>;
  if (typeof value === 'string') return <span className="break-all text-emerald-700 dark:text-emerald-400">{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span className="text-sky-700 dark:text-sky-400">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="text-amber-700 dark:text-amber-400">{String(value)}</span>;
  return <span>{JSON.stringify(value)}</span>;
}

function Node({ value, depth, name }: { value: unknown; depth: number; name?: string }) {
  const key = name !== undefined ? <span className="text-foreground">{JSON.stringify(name)}: </span> : null;
  if (value === null || typeof value !== 'object') {
    return (
      <div>
        {key}
        <Scalar value={value} />
      </div>
    );
  }
  const entries: [string | undefined, unknown][] = Array.isArray(value) ? value.map((v) => [undefined, v]) : Object.entries(value);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0)
    return (
      <div>
        {key}
        {open}
        {close}
      </div>
    );
  return (
    <details open={depth < 3} className="[&[open]>summary>.collapsed]:hidden">
      <summary className="cursor-pointer list-none select-none hover:bg-background/60">
        {key}
        {open}
        <span className="collapsed text-muted-foreground">
          {' '}
          {entries.length} {Array.isArray(value) ? 'items' : 'keys'} {close}
        </span>
      </summary>
      <div className="border-l border-border pl-4">
        {entries.map(([k, v], i) => (
          <Node key={k ?? i} value={v} depth={depth + 1} {...(k !== undefined ? { name: k } : {})} />
        ))}
      </div>
      <div>{close}</div>
    </details>
  );
}
