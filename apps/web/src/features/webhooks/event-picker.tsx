'use client';

import { EVENT_TYPES, eventTypeFilterSchema, eventTypeMatches } from '@payos/contracts';
import { Badge, Button, Input } from '@payos/ui';
import { X } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';

/** The event types an endpoint can subscribe to, grouped by object (`ping` is only ever sent by "Send test"). */
const GROUPS = (() => {
  const groups = new Map<string, string[]>();
  for (const type of EVENT_TYPES) {
    if (type === 'ping') continue;
    const object = type.split('.')[0] ?? type;
    groups.set(object, [...(groups.get(object) ?? []), type]);
  }
  return [...groups].map(([object, types]) => ({ object, wildcard: `${object}.*`, types }));
})();

/** Whether the wildcard `wide` already includes `filter` (a type or a narrower wildcard). */
const covers = (wide: string, filter: string) =>
  wide !== filter && wide.endsWith('*') && eventTypeMatches(wide, filter.replace(/\.\*$/, '.x'));

const STANDARD = new Set<string>(['*', ...GROUPS.flatMap((g) => [g.wildcard, ...g.types])]);

/**
 * Picks an endpoint's `enabledEvents`: `*` (every event), a whole object (`transfer.*`), single types,
 * or any other filter the API accepts (`schedule.execution.*`). A choice already covered by a wider
 * one is shown checked and locked.
 */
export function EventPicker({ value, onChange, invalid }: { value: string[]; onChange: (next: string[]) => void; invalid?: boolean }) {
  const t = useTranslations('webhooks.picker');
  const [custom, setCustom] = useState('');
  const [customError, setCustomError] = useState<string | undefined>();
  const chosen = new Set(value);
  const coveredBy = (filter: string) => value.find((v) => covers(v, filter));
  // Checking a wildcard drops the choices it now covers: what is sent is what is shown.
  const toggle = (filter: string, on: boolean) =>
    onChange(on ? [...value.filter((v) => !covers(filter, v)), filter] : value.filter((v) => v !== filter));
  const extra = value.filter((v) => !STANDARD.has(v));

  function addCustom() {
    const filter = custom.trim();
    const parsed = eventTypeFilterSchema.safeParse(filter);
    if (!parsed.success) {
      setCustomError(t('customError'));
      return;
    }
    if (!chosen.has(filter)) onChange([...value, filter]);
    setCustom('');
    setCustomError(undefined);
  }

  const box = (filter: string, label: string, strong = false) => {
    const covered = coveredBy(filter);
    return (
      <label key={filter} className={`flex items-center gap-2 text-sm ${covered ? 'text-muted-foreground' : ''}`}>
        <input
          type="checkbox"
          checked={chosen.has(filter) || Boolean(covered)}
          disabled={Boolean(covered)}
          onChange={(e) => toggle(filter, e.target.checked)}
        />
        <span className={strong ? 'font-medium' : ''}>{label}</span>
        {covered ? <span className="text-xs">{t('covered', { filter: covered })}</span> : null}
      </label>
    );
  };

  return (
    <div className="grid gap-3">
      <fieldset
        aria-label={t('eventsToSend')}
        aria-invalid={invalid || undefined}
        className={`grid max-h-64 gap-3 overflow-y-auto rounded-md border p-3 ${invalid ? 'border-red-500' : 'border-border'}`}
      >
        {box('*', t('allEvents'), true)}
        {GROUPS.map((g) => (
          <div key={g.object} className="grid gap-1">
            {box(g.wildcard, t('everyObject', { wildcard: g.wildcard, object: g.object.replace('_', ' ') }), true)}
            <div className="grid gap-1 pl-6 sm:grid-cols-2">{g.types.map((type) => box(type, type))}</div>
          </div>
        ))}
      </fieldset>
      <div className="grid gap-1.5">
        <div className="flex gap-2">
          <Input
            aria-label={t('anotherFilter')}
            placeholder={t('anotherPlaceholder')}
            value={custom}
            onChange={(e) => setCustom(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                addCustom();
              }
            }}
            aria-invalid={Boolean(customError) || undefined}
          />
          <Button variant="outline" onClick={addCustom} disabled={!custom.trim()}>
            {t('add')}
          </Button>
        </div>
        {customError ? (
          <p role="alert" className="text-xs text-red-600 dark:text-red-400">
            {customError}
          </p>
        ) : null}
        {extra.length > 0 ? (
          <div className="flex flex-wrap gap-1">
            {extra.map((filter) => (
              <Badge key={filter} className="gap-1">
                <code>{filter}</code>
                <button type="button" aria-label={t('remove', { filter })} onClick={() => toggle(filter, false)}>
                  <X className="h-3 w-3" />
                </button>
              </Badge>
            ))}
          </div>
        ) : null}
      </div>
    </div>
  );
}
