import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { LOCALES } from './locales';
import { MESSAGES } from './messages';

type Tree = { [key: string]: string | Tree };

/** Every message of a tree, by its dotted key. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** A message's arguments with their kind (`amount:argument`, `count:plural`), sorted. */
function argumentsOf(elements: MessageFormatElement[], found = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.argument) found.add(`${element.value}:argument`);
    if (element.type === TYPE.number) found.add(`${element.value}:number`);
    if (element.type === TYPE.date || element.type === TYPE.time) found.add(`${element.value}:date`);
    if (element.type === TYPE.tag) {
      found.add(`${element.value}:tag`);
      argumentsOf(element.children, found);
    }
    if (element.type === TYPE.select || element.type === TYPE.plural) {
      found.add(`${element.value}:${element.type === TYPE.select ? 'select' : 'plural'}`);
      for (const option of Object.values(element.options)) argumentsOf(option.value, found);
    }
  }
  return found;
}

const english = flatten(MESSAGES.en as unknown as Tree);

describe('messages (#20 §6)', () => {
  it('has every language with exactly the keys of English', () => {
    expect(english.size).toBeGreaterThan(50);
    for (const locale of LOCALES) {
      const keys = [...flatten(MESSAGES[locale] as unknown as Tree).keys()].sort();
      expect(keys, locale).toEqual([...english.keys()].sort());
    }
  });

  it('parses every message as ICU, with the same arguments in every language, and no empty translation', () => {
    const problems: string[] = [];
    for (const locale of LOCALES) {
      for (const [key, message] of flatten(MESSAGES[locale] as unknown as Tree)) {
        if (message.trim() === '') problems.push(`${locale} ${key}: empty`);
        try {
          const args = [...argumentsOf(parse(message))].sort().join(', ');
          const reference = [...argumentsOf(parse(english.get(key) ?? ''))].sort().join(', ');
          if (args !== reference) problems.push(`${locale} ${key}: arguments ${args || 'none'} ≠ English ${reference || 'none'}`);
        } catch (error) {
          problems.push(`${locale} ${key}: ${(error as Error).message}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('formats plurals and selects in each language', () => {
    const t = (locale: (typeof LOCALES)[number]) => createTranslator({ locale, messages: MESSAGES[locale], namespace: 'common' });
    expect(t('en')('notFoundReason', { environment: 'live' })).toMatch(/in Live mode.*switch to Test/);
    expect(t('pt-BR')('notFoundReason', { environment: 'test' })).toMatch(/no modo Teste.*para Produção/);
    expect(t('es-419')('tooManyRequests', { seconds: 3 })).toBe('Demasiadas solicitudes: se reintentará en 3 s.');
  });
});
