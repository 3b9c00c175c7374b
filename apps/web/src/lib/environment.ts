'use client';

import type { Environment } from '@payos/contracts';
import { useSyncExternalStore } from 'react';

/** The test/live switch: sent as PayOS-Environment on every API call, and part of every query key. */
const KEY = 'payos-environment';
const listeners = new Set<() => void>();

export function getEnvironment(): Environment {
  if (typeof window === 'undefined') return 'test';
  return window.localStorage.getItem(KEY) === 'live' ? 'live' : 'test';
}

export function setEnvironment(environment: Environment) {
  window.localStorage.setItem(KEY, environment);
  for (const listener of listeners) listener();
}

/** Going to Live asks first (real money, live keys); going back to Test, or staying, does not. */
export const asksBeforeSwitching = (from: Environment, to: Environment) => to === 'live' && from !== 'live';

export function useEnvironment(): Environment {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getEnvironment,
    () => 'test',
  );
}
