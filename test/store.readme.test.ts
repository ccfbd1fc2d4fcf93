// The README's store commands, run as written (only the database names and paths swapped for the
// test's own): PostgreSQL in one command, and the backups of each engine restored and opened.

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { expect, test } from 'vitest';
import { ALL_MIGRATIONS } from '../src/services/migrations.js';
import { openStore } from '../src/store/index.js';
import { LTDS } from './helpers/cli.js';
import { ENGINES, PG_ADMIN_URL, testDatabase } from './helpers/engines.js';
import { emptyOut } from './helpers/host.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
/** The README line that starts with `start`, without its trailing comment. */
const line = (start: string) => {
  const found = readme.split('\n').find((l) => l.trim().startsWith(start));
  if (!found) throw new Error(`the README has no line starting '${start}'`);
  return found.trim().replace(/\s+#\s.*$/, '');
};
const dbName = (location: { url: string } | { file: string }) => new URL((location as { url: string }).url).pathname.slice(1);
const sh = (cmd: string, cwd: string) => {
  const r = spawnSync('bash', ['-c', cmd], { cwd, encoding: 'utf8' });
  expect(r.status, `${cmd}\n${r.stderr}`).toBe(0);
};

test.runIf(ENGINES.includes('postgres'))('running on PostgreSQL is the one command the README gives', { timeout: 60_000 }, async () => {
  const name = `ltds_readme_${randomBytes(5).toString('hex')}`;
  const cmd = line('createdb -h 127.0.0.1 -U postgres ltds && npx ltds serve --database-url')
    .replace('npx ltds', `"${process.execPath}" "${LTDS}"`)
    .replace('-U postgres ltds ', `-U postgres ${name} `)
    .replace('5432/ltds', `5432/${name}`);
  const child = spawn('bash', ['-c', `${cmd} --out ${emptyOut()} --port 0 --json --log /dev/null`], { detached: true });
  try {
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
        const l = stdout.split('\n').find((x) => x.includes('"event":"listening"'));
        if (l) resolve(JSON.parse(l).url);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
    expect(JSON.parse(stdout.split('\n')[0]!)).toMatchObject({ engine: 'postgres', db: `postgres://postgres@127.0.0.1:5432/${name}` });
    const ready = (await (await fetch(`${url}/ready`)).json()) as { error: { details: Record<string, string> } };
    // no publication in the empty folder: not ready, but the database answers and is PostgreSQL
    expect(ready.error.details).toMatchObject({ database: 'ok', engine: 'postgres', catalog: 'failed' });
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await new Promise((r) => child.once('exit', r));
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
    await admin.end();
  }
});

test.runIf(ENGINES.includes('sqlite'))("the README's SQLite backup of a live store opens with its data", async () => {
  const database = await testDatabase('sqlite');
  const { file } = database.location as { file: string };
  const live = await openStore({ file, migrations: ALL_MIGRATIONS });
  try {
    const { account } = await live.accounts.add({ name: 'Backed up', role: 'admin' });
    sh(line('sqlite3 data/ltds.sqlite ".backup'), dirname(dirname(file)));
    const copy = await openStore({ file: join(dirname(file), 'ltds-backup.sqlite'), migrations: ALL_MIGRATIONS });
    try {
      expect((await copy.accounts.get(account.accountId))?.name).toBe('Backed up');
      expect(copy.schemaVersion).toBe(live.schemaVersion);
    } finally {
      await copy.close();
    }
  } finally {
    await live.close();
    await database.drop();
  }
});

test.runIf(ENGINES.includes('postgres'))("the README's pg_dump of a live store restores with pg_restore and opens with its data", { timeout: 60_000 }, async () => {
  const source = await testDatabase('postgres');
  const target = await testDatabase('postgres');
  const live = await openStore({ ...source.location, migrations: ALL_MIGRATIONS });
  try {
    const { account } = await live.accounts.add({ name: 'Backed up', role: 'admin' });
    await live.signingKeys.active();
    const cwd = dirname(emptyOut());
    sh(line('pg_dump -Fc').replace(/ ltds$/, ` ${dbName(source.location)}`), cwd);
    sh(line('pg_restore').replace('-d ltds ', `-d ${dbName(target.location)} `), cwd);
    const restored = await openStore({ ...target.location, migrations: ALL_MIGRATIONS });
    try {
      expect((await restored.accounts.get(account.accountId))?.name).toBe('Backed up');
      expect((await restored.signingKeys.active()).kid).toBe((await live.signingKeys.active()).kid);
      expect(restored.schemaVersion).toBe(live.schemaVersion);
    } finally {
      await restored.close();
    }
  } finally {
    await live.close();
    await source.drop();
    await target.drop();
  }
});
