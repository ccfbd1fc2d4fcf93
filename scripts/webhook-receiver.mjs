#!/usr/bin/env node
// A small webhook receiver for development and the README walk-throughs: listens on loopback,
// checks each delivery's signature (`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` with
// the subscription's signing secret, in the header the API's spec names), refuses a bad or stale
// one with 401, and prints each verified body as one JSON line on standard output. Plain node:crypto,
// none of the toolkit's code: it is what a receiver of your own would do.
//
//   node scripts/webhook-receiver.mjs --port 9000 --secret <signing secret>
//        [--header x-ltds-signature|webhook-signature] [--count N] [--timeout S]
//
// --count N exits 0 after N verified deliveries; --timeout S exits 1 when S seconds pass first.
// A GET answers 204 once it listens.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { setTimeout } from 'node:timers';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    port: { type: 'string', default: '9000' },
    secret: { type: 'string' },
    header: { type: 'string', default: 'x-ltds-signature' },
    count: { type: 'string' },
    timeout: { type: 'string' },
    'tolerance-seconds': { type: 'string', default: '300' },
  },
});
if (!opts.secret) {
  process.stderr.write('webhook-receiver: --secret <signing secret> is required\n');
  process.exit(2);
}
const header = opts.header.toLowerCase();
const tolerance = Number(opts['tolerance-seconds']);
const wanted = opts.count === undefined ? Infinity : Number(opts.count);
let verified = 0;

/** True when `value` signs `body` with the secret, at a time within the tolerance of now. */
function signatureOk(value, body) {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(value ?? '');
  if (!m) return false;
  if (Math.abs(Date.now() / 1000 - Number(m[1])) > tolerance) return false;
  const mac = createHmac('sha256', opts.secret).update(`${m[1]}.${body}`).digest();
  return timingSafeEqual(mac, Buffer.from(m[2], 'hex'));
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    // GET: "I am listening" (for scripts that wait until the receiver is up).
    if (req.method === 'GET') {
      res.writeHead(204).end();
      return;
    }
    if (req.method !== 'POST' || !signatureOk(req.headers[header], body)) {
      process.stderr.write(`webhook-receiver: refused a ${req.method} without a valid ${header}\n`);
      res.writeHead(401).end();
      return;
    }
    process.stdout.write(`${body}\n`);
    verified++;
    res.writeHead(204).end(() => {
      if (verified >= wanted) process.exit(0);
    });
  });
});
server.listen(Number(opts.port), '127.0.0.1', () => process.stderr.write(`webhook-receiver: listening on http://127.0.0.1:${server.address().port}/\n`));
if (opts.timeout !== undefined) {
  setTimeout(() => {
    process.stderr.write(`webhook-receiver: ${verified} of ${wanted} deliveries within ${opts.timeout} s\n`);
    process.exit(1);
  }, Number(opts.timeout) * 1000).unref();
}
