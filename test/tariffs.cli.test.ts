// `ltds tariffs cost|import` run as a user would: the bill printed and as JSON (the same as the
// library's), help, and failures that exit non-zero naming the file, line and field.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { billTariff, parseReadingsCsv, readTariffFile } from '../src/tariffs/index.js';
import { runLtds } from './helpers/cli.js';
import { eachEngine, testDatabase, type TestDatabase } from './helpers/engines.js';
import { storeArgs } from './helpers/host.js';
import { ALL_MIGRATIONS } from '../src/services/migrations.js';
import { openStore } from '../src/store/index.js';
import { verifySupplierKey, verifyUserToken } from '../src/tariffs/index.js';

const ROOT = join(import.meta.dirname, '..');
const E7 = 'samples/tariffs/lanternwick/economy-7.json';
const WEEK = 'samples/tariff-readings/clock-change-week.csv';
const tmp = mkdtempSync(join(tmpdir(), 'ltds-tariffs-cli-'));

describe('ltds tariffs cost', () => {
  test('prints the bill with a line per band, VAT and total', async () => {
    // 0.5 kWh in each of the 46 half hours of the spring-change Sunday: the same bill as worked by hand in tariffs.bill.test.ts.
    const rows = ['timestamp,kWh'];
    for (let t = Date.parse('2026-03-29T00:00:00Z'); t < Date.parse('2026-03-29T23:00:00Z'); t += 1_800_000) rows.push(`${new Date(t).toISOString()},0.5`);
    writeFileSync(join(tmp, 'spring.csv'), rows.join('\n') + '\n');
    const r = await runLtds(['tariffs', 'cost', '--tariff', E7, '--readings', join(tmp, 'spring.csv')], { cwd: ROOT });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'Lanternwick Economy 7 (trf_7a51ff00000000000000000000000002, supplier ZLNT)',
        '2026-03-29 to 2026-03-29: 1 days, 46 half hours, 23 kWh',
        '',
        'line             quantity   unit price  amount',
        'standing charge     1 day  £0.5512/day   £0.55',
        'night               6 kWh  £0.1452/kWh   £0.87',
        'day                17 kWh  £0.2889/kWh   £4.91',
        '',
        'net                £6.33',
        'VAT at 0.05        £0.32',
        'total              £6.65',
        '',
      ].join('\n'),
    );
  });

  test('--json is the library bill, decimal strings in pounds', async () => {
    const r = await runLtds(['tariffs', 'cost', '--tariff', 'samples/tariffs/fenmoor/tracker-half-hourly.json', '--readings', WEEK, '--json'], { cwd: ROOT });
    expect(r.code).toBe(0);
    const expected = billTariff(readTariffFile(join(ROOT, 'samples/tariffs/fenmoor/tracker-half-hourly.json')), parseReadingsCsv(await import('node:fs').then((fs) => fs.readFileSync(join(ROOT, WEEK), 'utf8')), WEEK));
    expect(JSON.parse(r.stdout)).toEqual(expected);
    expect(expected.period).toEqual({ from: '2026-10-19', to: '2026-10-25', days: 7 });
    expect(expected.readings).toBe(338);
  });

  test('--from/--to widen the period the standing charge covers', async () => {
    const r = await runLtds(['tariffs', 'cost', '--tariff', E7, '--readings', WEEK, '--from', '2026-10-01', '--to', '2026-10-31', '--json'], { cwd: ROOT });
    const bill = JSON.parse(r.stdout) as { period: { days: number }; standing_charge: string };
    // 31 days × £0.5512 = £17.0872 → £17.09
    expect([bill.period.days, bill.standing_charge]).toEqual([31, '17.09']);
  });

  test.each([
    [['--readings', WEEK], 1, /required option '--tariff <file\|id>' not specified/],
    [['--tariff', 'missing.json', '--readings', WEEK], 2, /error INPUT_NOT_FOUND: --tariff missing.json is neither a file nor a tariff id/],
    [['--tariff', E7, '--readings', 'missing.csv'], 2, /error INPUT_NOT_FOUND: --readings missing.csv could not be read/],
    [['--tariff', 'test/fixtures/tariffs/overlapping-bands.json', '--readings', WEEK], 1, /error TARIFF_INVALID: a tariff is not valid: test\/fixtures\/tariffs\/overlapping-bands.json: rates\[0\].bands\[1\]: band 'day' \(07:30–00:30\) overlaps band 'night' \(00:30–08:00\) at 07:30–08:00/],
    [['--tariff', 'samples/tariffs/suppliers.json', '--readings', WEEK], 1, /error TARIFF_INVALID: samples\/tariffs\/suppliers.json holds 0 tariffs/],
  ])('fails: %j exits %i', async (args, code, message) => {
    const r = await runLtds(['tariffs', 'cost', ...args], { cwd: ROOT });
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  test('a bad readings row fails naming the file and line', async () => {
    writeFileSync(join(tmp, 'bad.csv'), 'timestamp,kWh\n2026-10-19T00:00:00Z,1\n2026-10-19 00:30,1\n');
    const r = await runLtds(['tariffs', 'cost', '--tariff', E7, '--readings', join(tmp, 'bad.csv')], { cwd: ROOT });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error TARIFF_READINGS: timestamp "2026-10-19 00:30" has no offset: give it in UTC ("Z") or with its offset ("+01:00"), because a wall-clock time is ambiguous on the autumn clock change (${join(tmp, 'bad.csv')}, line 3)`);
  });

  test('--help explains the format and the rounding', async () => {
    const r = await runLtds(['tariffs', 'cost', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: ltds tariffs cost \[options\]/);
    expect(r.stdout).toMatch(/rounded\s+to whole pence half-up/);
  });
});

test('every `$ ltds tariffs` example of the README runs and prints what the README shows', async () => {
  const { readFileSync } = await import('node:fs');
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Tariffs:'), readme.indexOf('## Error codes'));
  const blocks: string[] = [];
  let open: string[] | undefined;
  for (const line of section.split('\n')) {
    if (line.startsWith('```')) {
      if (open === undefined) open = [];
      else {
        blocks.push(open.join('\n') + '\n');
        open = undefined;
      }
    } else open?.push(line);
  }
  const examplesBlocks = blocks.filter((b) => b.startsWith('$ ltds tariffs'));
  expect(examplesBlocks.length).toBe(2);
  let examples = 0;
  for (const block of examplesBlocks) {
    // A block is commands, each followed by the output the README shows for it (possibly none).
    const parts = block.split(/^\$ /m).filter((p) => p !== '');
    for (const part of parts) {
      const [command = '', ...shown] = part.split('\n');
      const args = command.split(' ').slice(1).map((a) => (a === 'data/ltds.sqlite' ? join(tmp, 'readme', 'ltds.sqlite') : a));
      if (args.includes('trf_7a51ff00000000000000000000000006')) args.push('--db', join(tmp, 'readme', 'ltds.sqlite'));
      const r = await runLtds(args, { cwd: ROOT });
      const expectedOut = shown.join('\n');
      if (expectedOut.startsWith('ltds: error')) {
        expect(r.code, command).toBe(1);
        expect(r.stderr, command).toBe(expectedOut);
        examples++;
        continue;
      }
      expect(r.code, `${command}\n${r.stderr}`).toBe(0);
      if (expectedOut.trim() !== '') expect(r.stdout, command).toBe(expectedOut);
      examples++;
    }
  }
  expect(examples).toBe(5);
});

describe('ltds tariffs import', () => {
  test('--check validates the samples without writing', async () => {
    const r = await runLtds(['tariffs', 'import', 'samples/tariffs', '--check', '--json'], { cwd: ROOT });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { files: number; suppliers: string[]; tariffs: string[] };
    expect([out.files, out.suppliers.length, out.tariffs.length]).toEqual([8, 2, 6]);
  });

  test('one bad file among good ones refuses the whole set, naming the file, field and band', async () => {
    const r = await runLtds(['tariffs', 'import', 'samples/tariffs', 'test/fixtures/tariffs/overlapping-bands.json', '--check'], { cwd: ROOT });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("test/fixtures/tariffs/overlapping-bands.json: rates[0].bands[1]: band 'day' (07:30–00:30) overlaps band 'night' (00:30–08:00) at 07:30–08:00");
  });

  test('--help', async () => {
    const r = await runLtds(['tariffs', 'import', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: ltds tariffs import \[options\] <paths...>/);
  });
});

// The commands that use the store, on each engine (`--db <file>` or `--database-url <url>`).
// Each test on a database of its own, so they run in any order.
eachEngine('ltds tariffs with the store on %s', (engine) => {
  let database: TestDatabase;
  let store: string[];
  const made: TestDatabase[] = [];
  beforeEach(async () => {
    database = await testDatabase(engine);
    made.push(database);
    store = storeArgs(database);
  });
  afterAll(async () => {
    for (const d of made) await d.drop();
  });

  const tariffIds = async (): Promise<string[]> => {
    const s = await openStore({ ...database.location, migrations: ALL_MIGRATIONS });
    try {
      const rows = await s.db.withTables<{ tariff_tariffs: { tariff_id: string } }>().selectFrom('tariff_tariffs').select('tariff_id').orderBy('tariff_id').execute();
      return rows.map((r) => r.tariff_id);
    } finally {
      await s.close();
    }
  };

  test('a bad file among good ones writes nothing to the store', async () => {
    const r = await runLtds(['tariffs', 'import', 'samples/tariffs', 'test/fixtures/tariffs/overlapping-bands.json', ...store], { cwd: ROOT });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('overlapping-bands.json: rates[0].bands[1]');
    expect(await tariffIds()).toEqual([]);
  });

  test('imports into the store once (a second run changes nothing), then cost takes a tariff id', async () => {
    const first = await runLtds(['tariffs', 'import', 'samples/tariffs', ...store, '--json'], { cwd: ROOT });
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ files: 8, suppliers: 2, tariffs: { added: 6, updated: 0, unchanged: 0 }, users: 2, events: 0 });
    expect(await tariffIds()).toHaveLength(6);
    const second = await runLtds(['tariffs', 'import', 'samples/tariffs', ...store, '--json'], { cwd: ROOT });
    expect(JSON.parse(second.stdout)).toMatchObject({ tariffs: { added: 0, updated: 0, unchanged: 6 } });
    const byId = await runLtds(['tariffs', 'cost', '--tariff', 'trf_7a51ff00000000000000000000000002', '--readings', WEEK, ...store, '--json'], { cwd: ROOT });
    const byFile = await runLtds(['tariffs', 'cost', '--tariff', E7, '--readings', WEEK, '--json'], { cwd: ROOT });
    expect(byId.code, byId.stderr).toBe(0);
    expect(byId.stdout).toBe(byFile.stdout);
    const missing = await runLtds(['tariffs', 'cost', '--tariff', 'trf_7a51ff00000000000000000000000009', '--readings', WEEK, ...store], { cwd: ROOT });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error TARIFF_NOT_FOUND: no tariff trf_7a51ff00000000000000000000000009 in the store');
  });

  test('supplier keys and RTI User tokens are issued into the store and verify against it (what the host checks)', async () => {
    expect((await runLtds(['tariffs', 'import', 'samples/tariffs', ...store], { cwd: ROOT })).code).toBe(0);
    const key = await runLtds(['tariffs', 'supplier-key', 'ZLNT', ...store, '--json'], { cwd: ROOT });
    const apiKey = (JSON.parse(key.stdout) as { api_key: string }).api_key;
    expect(apiKey).toMatch(/^sk_sup_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const noSupplier = await runLtds(['tariffs', 'supplier-key', 'ZZZZ', ...store], { cwd: ROOT });
    expect([noSupplier.code, noSupplier.stderr]).toEqual([1, 'ltds: error TARIFF_NOT_FOUND: no supplier ZZZZ\n']);
    const tok = await runLtds(['tariffs', 'user-token', 'usr_5e1f0000000000000000000000000001', ...store, '--json'], { cwd: ROOT });
    const token = (JSON.parse(tok.stdout) as { token: string }).token;
    const noUser = await runLtds(['tariffs', 'user-token', `usr_${'9'.repeat(32)}`, ...store], { cwd: ROOT });
    expect(noUser.code).toBe(1);
    // What the CLI wrote is what a host on the same store checks.
    const s = await openStore({ ...database.location, migrations: ALL_MIGRATIONS });
    try {
      expect(await verifySupplierKey(s, apiKey)).toBe('ZLNT');
      expect(await verifyUserToken(s, token)).toEqual({ userId: 'usr_5e1f0000000000000000000000000001', status: 'active' });
      // A key one character off is refused.
      expect(await verifySupplierKey(s, `${apiKey}x`)).toBeNull();
    } finally {
      await s.close();
    }
  });
});
