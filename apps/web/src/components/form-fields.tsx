'use client';

import { Input, Select } from '@payos/ui';
import type { SelectHTMLAttributes } from 'react';

/** A decimal amount as typed: no autocomplete, spaces trimmed, marked invalid when `invalid`. */
export function AmountInput({
  id,
  value,
  onChange,
  invalid,
  placeholder,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  invalid: boolean;
  placeholder?: string;
}) {
  return (
    <Input
      id={id}
      inputMode="decimal"
      autoComplete="off"
      placeholder={placeholder}
      value={value}
      onChange={(e) => onChange(e.target.value.trim())}
      aria-invalid={invalid}
    />
  );
}

/** One of a fixed list of values (shown with their labels, or as they are), or '' for `placeholder`. */
export function OptionSelect<T extends string>({
  options,
  labels,
  placeholder,
  value,
  onChange,
  ...props
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'children'> & {
  options: readonly T[];
  labels?: Readonly<Record<T, string>>;
  placeholder: string;
  value: T | '';
  onChange: (value: T | '') => void;
}) {
  return (
    <Select {...props} value={value} onChange={(e) => onChange(e.target.value as T | '')}>
      <option value="">{placeholder}</option>
      {options.map((o) => (
        <option key={o} value={o}>
          {labels ? labels[o] : o}
        </option>
      ))}
    </Select>
  );
}
