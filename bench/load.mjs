// Load generator for the benchmarks, run as its own process so it never shares the API's event loop.
// argv[2]: path of a JSON file {url, method, headers, connections, durationSeconds, bodies?: string[]} → prints a JSON summary.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const options = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const bodies = options.bodies ?? [];
let next = 0;
const result = await autocannon({
  url: options.url,
  method: options.method,
  headers: options.headers,
  connections: options.connections,
  duration: options.durationSeconds,
  requests: [
    {
      method: options.method,
      setupRequest: (request) => {
        if (bodies.length === 0) return request;
        const body = bodies[next++ % bodies.length];
        return { ...request, body };
      },
    },
  ],
});
process.stdout.write(
  JSON.stringify({
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    total: result.requests.total,
  }),
);
