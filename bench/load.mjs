// Load generator for the benchmarks (autocannon), run as its own process so it never shares the API's event loop.
// argv[2]: path of a JSON file (thousands of request bodies are too large for argv):
//   url               the API's origin, e.g. http://127.0.0.1:4000
//   headers           sent with every request (authorization, content-type)
//   connections, durationSeconds
//   requests          [{ method, path, bodies?: string[], idempotencyKeys?: boolean }] — each connection sends
//                     them in turn (one entry: the same request again and again; several: a mix); bodies are
//                     taken round-robin; idempotencyKeys: a fresh random Idempotency-Key header on every request
//   intervalSeconds   optional: also print the figures of each interval when it ends (bench:soak's minutes)
// Prints one JSON line per interval ({ interval: 1, … }) and a last one for the whole run ({ interval: null, … }):
//   seconds, total (responses), ok (2xx), perSecond, okPerSecond, p50, p99 (ms, every response),
//   statuses ({ "503": 4 }: responses other than 2xx, by status), errors (no response: timeouts, socket errors).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const options = JSON.parse(readFileSync(process.argv[2], 'utf8'));

/** What the responses of one stretch of time add up to. */
function tally() {
  return { started: performance.now(), latencies: [], ok: 0, statuses: {}, errors: 0 };
}

function record(t, status, ms) {
  t.latencies.push(ms);
  if (status >= 200 && status < 300) t.ok++;
  else t.statuses[status] = (t.statuses[status] ?? 0) + 1;
}

function summary(t, interval, ended = performance.now()) {
  const seconds = (ended - t.started) / 1000;
  const sorted = Float64Array.from(t.latencies).sort();
  const pct = (p) => (sorted.length ? Number(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))].toFixed(2)) : 0);
  return {
    interval,
    seconds: Number(seconds.toFixed(2)),
    total: sorted.length,
    ok: t.ok,
    perSecond: sorted.length / seconds,
    okPerSecond: t.ok / seconds,
    p50: pct(0.5),
    p99: pct(0.99),
    statuses: t.statuses,
    errors: t.errors,
  };
}

/** An autocannon request; a setupRequest (which rebuilds the request each time) only when something varies. */
function request({ method, path, bodies = [], idempotencyKeys = false }) {
  if (bodies.length === 0 && !idempotencyKeys) return { method, path };
  let next = 0;
  return {
    method,
    path,
    setupRequest: (req) => ({
      ...req,
      ...(bodies.length > 0 && { body: bodies[next++ % bodies.length] }),
      ...(idempotencyKeys && { headers: { ...req.headers, 'idempotency-key': randomUUID() } }),
    }),
  };
}

const whole = tally();
let current = tally();
let interval = 0;
const emit = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);
const endInterval = () => {
  interval++;
  const ended = performance.now();
  emit(summary(current, interval, ended));
  current = tally();
};

const instance = autocannon({
  url: options.url,
  headers: options.headers,
  connections: options.connections,
  duration: options.durationSeconds,
  requests: options.requests.map(request),
});
instance.on('response', (_client, status, _bytes, ms) => {
  record(whole, status, ms);
  record(current, status, ms);
});
instance.on('reqError', () => {
  whole.errors++;
  current.errors++;
});
const timer = options.intervalSeconds ? setInterval(endInterval, options.intervalSeconds * 1000) : undefined;
await new Promise((resolve) => instance.on('done', resolve));
clearInterval(timer);
// The run's end falls on an interval boundary: a timer that did not fire by then closes its interval here.
const intervals = options.intervalSeconds ? Math.ceil(options.durationSeconds / options.intervalSeconds) : 0;
if (interval < intervals) endInterval();
emit(summary(whole, null));
