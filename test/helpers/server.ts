// An in-process serving host over a real publication folder, with its request log captured.

import { mkdirSync, mkdtempSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { buildServer, type ServerOptions } from '../../src/server/app.js';
import type { Engine, Store } from '../../src/store/index.js';
import { openTestStore } from './engines.js';
import { OutboxMail } from '../../src/mail/transport.js';
import { makePublication, type Manifest } from './publication.js';

/** Every server log line of the test run is appended here too, so a test can scan them all. */
export const LOG_DIR = fileURLToPath(new URL('../.output/server-logs/', import.meta.url));

/** A publication folder built once per test file. */
let shared: Promise<{ dir: string; outDir: string; manifests: Manifest[] }> | undefined;
export function sharedPublication(): Promise<{ dir: string; outDir: string; manifests: Manifest[] }> {
  shared ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ltds-serve-'));
    return { dir, ...(await makePublication(dir)) };
  })();
  return shared;
}

export interface TestServer {
  app: Awaited<ReturnType<typeof buildServer>>['app'];
  tokens: Awaited<ReturnType<typeof buildServer>>['tokens'];
  store: Store;
  outDir: string;
  manifests: Manifest[];
  logs: string[];
  /** The folder the portal's mail goes to (unless the test gave its own transport). */
  outbox: string;
  close(): Promise<void>;
}

/**
 * Starts a host (not listening: use `app.inject`) with the given store, or a fresh one on `engine`
 * (SQLite by default) that is removed when the host closes.
 */
export async function testServer(name: string, options: Partial<ServerOptions> & { engine?: Engine } = {}): Promise<TestServer> {
  const pub = await sharedPublication();
  const store = options.store ?? (await openTestStore(options.engine ?? 'sqlite', undefined, { now: options.now }));
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = join(LOG_DIR, `${name}.jsonl`);
  const logs: string[] = [];
  const log = new Writable({
    write(chunk: Buffer, _enc, cb) {
      const text = chunk.toString('utf8');
      logs.push(text);
      appendFileSync(logFile, text);
      cb();
    },
  });
  const { engine: _engine, ...serverOptions } = options;
  const outbox = join(mkdtempSync(join(tmpdir(), 'ltds-outbox-')), 'outbox');
  const portal = { mail: new OutboxMail(outbox), ...options.portal };
  const { app, tokens } = await buildServer({ outDir: pub.outDir, store, log, keyRotationHours: 0, ...serverOptions, portal });
  await app.ready();
  return {
    app,
    tokens,
    store,
    outDir: pub.outDir,
    manifests: pub.manifests,
    logs,
    outbox,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}
