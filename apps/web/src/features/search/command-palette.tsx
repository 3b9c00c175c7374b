'use client';

import type { SearchResult } from '@payos/contracts';
import { TRANSFER_STATUSES, type TransferStatus } from '@payos/contracts';
import { Badge, Button, cn, Dialog } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import { Search } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { type KeyboardEvent, useEffect, useId, useState } from 'react';
import { Amount } from '@/components/amount';
import { transferStatusLabel } from '@/features/transfers/status';
import { useEnvironment } from '@/lib/environment';
import { errorMessage } from '@/lib/payos';
import { useDebounced } from '@/lib/use-debounced';
import { hrefOf, searchQuery } from './queries';

/** A result's status: a transfer's in the page's language, any other as the API names it. */
const statusLabel = (status: string) =>
  (TRANSFER_STATUSES as readonly string[]).includes(status) ? transferStatusLabel(status as TransferStatus) : status.replaceAll('_', ' ');

/** How long typing must pause before the query is sent. */
const DEBOUNCE_MS = 200;
const MAX_QUERY_LENGTH = 100;

/**
 * ⌘K / Ctrl+K anywhere in the dashboard (or the header's Search button) opens a search over accounts,
 * transfers, payment methods, agents, schedules and streams: one `GET /v1/search` per settled query.
 * Arrow keys move through the results, Enter opens one, Escape closes.
 */
export function CommandPalette() {
  const [open, setOpen] = useState(false);
  const [shortcut, setShortcut] = useState('Ctrl K');
  const t = useTranslations('search');

  useEffect(() => {
    if (/mac|iphone|ipad/i.test(navigator.platform || navigator.userAgent)) setShortcut('⌘K');
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if ((event.metaKey || event.ctrlKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setOpen((isOpen) => !isOpen);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <>
      <Button
        variant="outline"
        size="sm"
        onClick={() => setOpen(true)}
        aria-keyshortcuts="Control+K Meta+K"
        aria-label={t('button', { shortcut })}
        className="gap-2 text-muted-foreground"
      >
        <Search className="h-4 w-4" aria-hidden />
        <span className="hidden lg:inline">{t('buttonText')}</span>
        <kbd className="hidden rounded border border-border px-1 font-sans text-[10px] lg:inline" aria-hidden>
          {shortcut}
        </kbd>
      </Button>
      {/* Mounted only while open: every opening starts from an empty query. */}
      {open ? <Palette onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function Palette({ onClose }: { onClose: () => void }) {
  const env = useEnvironment();
  const router = useRouter();
  const ids = useId();
  const t = useTranslations('search');
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), DEBOUNCE_MS);
  const search = useQuery(searchQuery(env, q));
  const results: SearchResult[] = q && search.data ? search.data.data : [];
  const [active, setActive] = useState(0);
  const optionId = (i: number) => `${ids}-option-${i}`;

  // A new list of results starts at its first.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the new results are the cause, not an input.
  useEffect(() => setActive(0), [search.data]);
  useEffect(() => {
    document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  });

  const open = (result: SearchResult) => {
    onClose();
    router.push(hrefOf(result));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (results.length === 0) return;
    const last = results.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: active === last ? 0 : active + 1,
      ArrowUp: active === 0 ? last : active - 1,
      Home: 0,
      End: last,
    };
    if (event.key in moves) {
      event.preventDefault();
      setActive(moves[event.key] as number);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const chosen = results[active];
      if (chosen) open(chosen);
    }
  };

  const typing = text.trim() !== q;
  const status = !q
    ? t('hint')
    : search.isError
      ? errorMessage(search.error)
      : search.isPending
        ? t('searching')
        : results.length === 0
          ? t('noResults', { q })
          : t('results', { count: results.length, more: search.data?.hasMore ? 'yes' : 'no' });

  // Results in their groups (the API returns them grouped by type), each with its index in the list.
  const groups: { type: SearchResult['type']; items: { result: SearchResult; index: number }[] }[] = [];
  results.forEach((result, index) => {
    const group = groups.at(-1);
    if (group?.type === result.type) group.items.push({ result, index });
    else groups.push({ type: result.type, items: [{ result, index }] });
  });

  return (
    <Dialog open onOpenChange={(isOpen) => !isOpen && onClose()} title={t('title')}>
      <div className="grid gap-3">
        <input
          autoFocus
          type="text"
          role="combobox"
          aria-expanded={results.length > 0}
          aria-controls={results.length > 0 ? `${ids}-results` : undefined}
          aria-activedescendant={results.length > 0 ? optionId(active) : undefined}
          aria-autocomplete="list"
          aria-label={t('inputLabel')}
          aria-describedby={`${ids}-status`}
          placeholder={t('placeholder')}
          maxLength={MAX_QUERY_LENGTH}
          autoComplete="off"
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          className="h-10 w-full rounded-md border border-border bg-background px-3 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        />
        <p id={`${ids}-status`} role="status" className="text-xs text-muted-foreground">
          {status}
        </p>
        {/* A listbox holds options: none while there are no results. */}
        {results.length > 0 ? (
          <div
            id={`${ids}-results`}
            role="listbox"
            aria-label={t('resultsLabel')}
            aria-busy={typing || search.isFetching}
            className={cn('grid max-h-[50vh] gap-3 overflow-y-auto', (typing || search.isPlaceholderData) && 'opacity-60')}
          >
            {groups.map((group) => (
              // biome-ignore lint/a11y/useSemanticElements: a listbox's options are grouped by role=group (a fieldset is a form's).
              <div key={group.type} role="group" aria-labelledby={`${ids}-${group.type}`} className="grid gap-1">
                <div id={`${ids}-${group.type}`} className="px-2 text-xs font-medium tracking-wide text-muted-foreground uppercase">
                  {t(`type.${group.type}`)}
                </div>
                {group.items.map(({ result, index }) => (
                  // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox's input handles the keys (arrows, Enter) for every option.
                  <div
                    key={`${result.type}-${result.id}`}
                    id={optionId(index)}
                    role="option"
                    aria-selected={index === active}
                    tabIndex={-1}
                    data-testid="search-result"
                    onMouseMove={() => index !== active && setActive(index)}
                    onClick={() => open(result)}
                    className={cn(
                      'flex cursor-pointer items-center justify-between gap-3 rounded-md px-2 py-2 text-sm',
                      index === active ? 'bg-muted' : 'hover:bg-muted/60',
                    )}
                  >
                    <span className="grid min-w-0">
                      <span className="truncate font-medium">{result.title}</span>
                      {result.subtitle ? <span className="truncate text-xs text-muted-foreground">{result.subtitle}</span> : null}
                    </span>
                    <span className="flex shrink-0 items-center gap-2">
                      {result.amount && result.currency ? <Amount value={result.amount} currency={result.currency} /> : null}
                      {result.status ? <Badge>{statusLabel(result.status)}</Badge> : null}
                    </span>
                  </div>
                ))}
              </div>
            ))}
          </div>
        ) : null}
        <div className="flex flex-wrap items-center justify-between gap-2 border-t border-border pt-3 text-xs text-muted-foreground">
          <span aria-hidden>{t('keys')}</span>
          {q ? (
            <Link href={`/transfers?search=${encodeURIComponent(q)}`} onClick={onClose} className="underline underline-offset-2">
              {t('allTransfers', { q })}
            </Link>
          ) : null}
        </div>
      </div>
    </Dialog>
  );
}
