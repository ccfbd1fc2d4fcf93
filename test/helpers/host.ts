// A real `ltds serve` process on a store, for tests that need two hosts or a kill -9.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LTDS } from './cli.js';
import type { TestDatabase } from './engines.js';

/** A running host: its base URL and process. */
export interface Host {
  url: string;
  child: ChildProcessWithoutNullStreams;
  /** What it wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

/** `--db <file>` or `--database-url <url>` for a test database. */
export const storeArgs = (database: TestDatabase): string[] => ('file' in database.location ? ['--db', database.location.file] : ['--database-url', database.location.url]);

/** An empty publication folder (the store tests need no publications). */
export function emptyOut(): string {
  const out = join(mkdtempSync(join(tmpdir(), 'ltds-host-')), 'out');
  mkdirSync(out);
  return out;
}

/** Starts `ltds serve` on an ephemeral port and resolves when it prints its URL. */
export function startHost(database: TestDatabase, out: string, extra: string[] = []): Promise<Host> {
  const child = spawn(process.execPath, [LTDS, 'serve', '--out', out, '--port', '0', '--json', '--log', '/dev/null', '--token-rate-limit', '100000', ...storeArgs(database), ...extra]);
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ltds serve did not start within 30 s: ${stderr}`)), 30_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const line = stdout.split('\n').find((l) => l.includes('"event":"listening"'));
      if (!line) return;
      clearTimeout(timer);
      resolve({
        url: JSON.parse(line).url,
        child,
        stderr: () => stderr,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ltds serve exited with ${code}: ${stderr}`));
    });
  });
}

export const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** A bearer token from a host's token endpoint. */
export async function tokenFrom(host: Host, id: string, secret: string): Promise<Response> {
  return fetch(`${host.url}/dar/v1/auth/token`, { headers: { authorization: basic(id, secret) } });
}
