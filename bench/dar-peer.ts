// The peer of the DAR benchmark: a bare Fastify route answering a constant DAR-shaped body (what
// any Fastify JSON route costs on this machine, with no store, no auth, no validation).

import Fastify from 'fastify';

const body = JSON.stringify({ response: { resource: '/dar/v1/access-records/x', timestamp: '2026-11-26T00:00:00.000Z', 'transaction-id': 'tid_000000000000000000000000' }, 'access-record': { 'access-event': { state: 'ACTIVE' } } });
const app = Fastify({ logger: false });
app.get('/constant', async (_req, reply) => reply.type('application/json').send(body));
app.post('/constant', async (_req, reply) => reply.code(201).type('application/json').send(body));
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address() as { port: number };
process.stdout.write(`${JSON.stringify({ event: 'listening', url: `http://127.0.0.1:${address.port}` })}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
