import { describe, expect, it } from 'vitest';
import { singleFlight } from './single-flight';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('singleFlight()', () => {
  it('lets calls that arrive while the first is in flight share it', async () => {
    const share = singleFlight<string>();
    const upstream = deferred<string>();
    let runs = 0;
    const run = () => {
      runs++;
      return upstream.promise;
    };
    const [a, b] = [share('rt_1', run), share('rt_1', run)];
    upstream.resolve('session');
    expect(await Promise.all([a, b])).toEqual(['session', 'session']);
    expect(runs).toBe(1);
  });

  it('runs again for a call that arrives after the first has settled', async () => {
    const share = singleFlight<number>();
    let runs = 0;
    const run = async () => ++runs;
    expect(await share('rt_1', run)).toBe(1);
    expect(await share('rt_1', run)).toBe(2);
  });

  it('forgets a failure at once too, and hands it to everyone who joined', async () => {
    const share = singleFlight<string>();
    const upstream = deferred<string>();
    const [a, b] = [share('rt_1', () => upstream.promise), share('rt_1', () => Promise.resolve('never'))];
    upstream.reject(new Error('reused'));
    await expect(a).rejects.toThrow('reused');
    await expect(b).rejects.toThrow('reused');
    expect(await share('rt_1', async () => 'again')).toBe('again');
  });

  it('keeps keys apart', async () => {
    const share = singleFlight<string>();
    const held = deferred<string>();
    const a = share('rt_1', () => held.promise);
    expect(await share('rt_2', async () => 'other')).toBe('other');
    held.resolve('first');
    expect(await a).toBe('first');
  });
});
