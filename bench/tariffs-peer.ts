// The peer for the tariff list benchmark: a bare Fastify app with one GET route answering the same
// JSON bytes as the tariff list (no store, no validation) — what the framework alone costs here.

import Fastify from 'fastify';

const body = process.argv[2] ?? '{}';
const app = Fastify({ logger: false });
app.get('/tariff/v1/tariff/:mpid', async (_req, reply) => reply.type('application/json; charset=utf-8').send(body));
app.listen({ port: 0, host: '127.0.0.1' }).then((url) => process.stdout.write(`${JSON.stringify({ event: 'listening', url })}\n`));
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
