// The peer for the serving benchmark: a bare node:http server answering every request with one
// file — from memory (`memory`, the ceiling any Node HTTP server can reach on this machine) or
// streamed from disk with 1 MiB reads (`disk`, what a plain Node file server does).

import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const [path, mode = 'memory'] = process.argv.slice(2) as [string, string | undefined];
const body = mode === 'memory' ? readFileSync(path) : undefined;
const size = statSync(path).size;
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
  if (body) res.end(body);
  else createReadStream(path, { highWaterMark: 1 << 20 }).pipe(res);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ event: 'listening', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
