// `ltds serve --demo` (what `ltds start` runs after publishing) as a real process: the demo register
// seeded into a new store, the portal URL and the outbox folder printed, a magic link asked for over
// HTTP lands as a file in that folder (the log names the file, not the link), the link opens a
// session with the four demo records; a second start on the same store seeds nothing.

import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { LTDS, runLtds } from './helpers/cli.js';
import { emptyOut } from './helpers/host.js';
import { LOG_DIR } from './helpers/server.js';
import { readOutbox } from '../src/mail/transport.js';

const B = '/dar/v1';
const dir = mkdtempSync(join(tmpdir(), 'ltds-portal-cli-'));
const db = join(dir, 'ltds.sqlite');
const out = emptyOut();
const logFile = join(dir, 'requests.jsonl');
const running: { kill(): void; exited: Promise<unknown> }[] = [];

function serve(): Promise<Record<string, unknown>> {
  const child = spawn(process.execPath, [LTDS, 'serve', '--demo', '--json', '--out', out, '--port', '0', '--db', db, '--log', logFile]);
  const exited = new Promise((r) => child.once('exit', r));
  running.push({ kill: () => child.kill('SIGTERM'), exited });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const line = stdout.split('\n').find((l) => l.includes('"event":"listening"'));
      if (line) resolve(JSON.parse(line));
    });
    child.once('exit', (code) => reject(new Error(`ltds serve exited with ${code}: ${stderr}`)));
  });
}

afterAll(async () => {
  for (const r of running) r.kill();
  await Promise.all(running.map((r) => r.exited));
  mkdirSync(LOG_DIR, { recursive: true });
  appendFileSync(join(LOG_DIR, 'portal-cli.jsonl'), readFileSync(logFile, 'utf8'));
});

test('a new store gets the demo register; the printed outbox receives the magic link; the link shows the records', async () => {
  const line = await serve();
  const url = line.url as string;
  expect(line.demoSeeded).toBe(true);
  expect(line.portal).toBe(`${url.replace('127.0.0.1', 'localhost')}/portal`);
  expect(line.outbox).toBe(join(dirname(out), 'data', 'outbox'));

  const asked = await fetch(`${url}${B}/portal/magic-link`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mpxn: '1312345678907', email: 'demo.customer@example.com' }) });
  expect(asked.status).toBe(202);
  const mail = readOutbox(line.outbox as string)[0]!;
  expect(mail.to).toBe('demo.customer@example.com');
  expect(mail.link).toMatch(new RegExp(`^${url}/portal#link=[A-Za-z0-9_-]{43}$`));
  const secret = mail.link!.split('#link=')[1];
  const session = await fetch(`${url}${B}/portal/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ link: secret }) });
  expect(session.status).toBe(201);
  const { token } = ((await session.json()) as { session: { token: string } }).session;
  const records = (await (await fetch(`${url}${B}/portal/records`, { headers: { authorization: `Bearer ${token}` } })).json()) as { 'access-records': { state: string }[] };
  expect(records['access-records'].map((r) => r.state).sort()).toEqual(['ACTIVE', 'DISCOVERED', 'EXPIRED', 'REVOKED']);

  const log = readFileSync(logFile, 'utf8');
  expect(log).toContain(mail.path);
  expect(log).not.toContain(secret);
  expect(log).not.toContain('demo.customer');
});

test('a second start on the same store seeds nothing', async () => {
  for (const r of running.splice(0)) {
    r.kill();
    await r.exited;
  }
  const line = await serve();
  expect(line.demoSeeded).toBe(false);
});

test('a portal origin that is not an origin, or a relying-party id it does not end in, is a usage error', async () => {
  const bad = await runLtds(['serve', '--out', out, '--port', '0', '--db', join(dir, 'other.sqlite'), '--portal-origin', 'portal.example.com/x']);
  expect(bad.code).not.toBe(0);
  expect(bad.stderr).toContain('--portal-origin must be an origin like https://portal.example.com');
  const mismatch = await runLtds(['serve', '--out', out, '--port', '0', '--db', join(dir, 'other.sqlite'), '--portal-origin', 'https://portal.example.com', '--rp-id', 'evil.example.net']);
  expect(mismatch.code).not.toBe(0);
  expect(mismatch.stderr).toContain("--rp-id 'evil.example.net' must be the portal origin's host name");
});
