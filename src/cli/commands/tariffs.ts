// `ltds tariffs import|cost`: load tariff files (JSON in the wire shape) into the store, all or nothing,
// and price half-hourly readings against a tariff with the exact bill and its per-band breakdown.
// The domain (src/tariffs/) is imported when a command runs, so start-up stays light.

import { existsSync, readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { LtdsError } from '../../errors/index.js';
import type { Store } from '../../store/index.js';
import type { Tariff } from '../../tariffs/index.js';
import { storeOptions, withCliStore as withStore, type StoreLocationOptions } from '../store.js';

/** `trf_` + 32 hex, repeated here so start-up does not load the tariff schemas. */
const TARIFF_ID = /^trf_[0-9a-f]{32}$/;

function withStoreOptions(cmd: Command): Command {
  return storeOptions(cmd).addOption(new Option('--out <dir>', 'publication folder, to find the default store').default('out').env('LTDS_OUT'));
}

/** Imports tariff files into the store (all or nothing); used by `tariffs import` and `ltds start`. */
export async function importTariffFiles(paths: readonly string[], opts: StoreLocationOptions): Promise<{ files: number; suppliers: number; tariffs: { added: number; updated: number; unchanged: number }; users: number; events: number }> {
  const { importTariffs, readTariffInputs } = await import('../../tariffs/index.js');
  const inputs = readTariffInputs(paths);
  const result = await withStore(opts, (store) => importTariffs(store, inputs));
  return { files: inputs.files.length, ...result };
}

interface CostOptions extends StoreLocationOptions {
  tariff: string;
  readings: string;
  from?: string;
  to?: string;
  json?: boolean;
}

/** Registers `tariffs`. */
export function registerTariffs(program: Command): void {
  const tariffs = program.command('tariffs').description('machine-readable tariffs: import tariff files, price half-hourly readings, issue API credentials');
  registerCredentials(tariffs);
  withStoreOptions(tariffs
    .command('import'))
    .description('check tariff files (JSON in the wire shape) and load them into the store, all or nothing')
    .argument('<paths...>', 'tariff files, bundles {suppliers, tariffs}, or folders of .json files')
    .option('--check', 'only check the files; write nothing')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
A file holds one tariff object, or a bundle {"suppliers": [...], "tariffs": [...]}; a folder means
every .json file under it. Every file is checked before anything is written: one problem anywhere
(the message names the file, the field and the band) and nothing is imported.

Examples:
  $ ltds tariffs import samples/tariffs --check
  $ ltds tariffs import samples/tariffs --db data/ltds.sqlite
  $ ltds tariffs import samples/tariffs/lanternwick/economy-7.json --json`,
    )
    .action(async (paths: string[], opts: StoreLocationOptions & { check?: boolean; json?: boolean }) => {
      if (!opts.check) {
        const r = await importTariffFiles(paths, opts);
        if (opts.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
        else process.stdout.write(`imported ${r.files} files: ${r.suppliers} suppliers, tariffs ${r.tariffs.added} added, ${r.tariffs.updated} updated, ${r.tariffs.unchanged} unchanged, ${r.users} RTI Users; ${r.events} events for RTI Users' webhooks\n`);
        return;
      }
      const { readTariffInputs } = await import('../../tariffs/index.js');
      const inputs = readTariffInputs(paths);
      const result = { checked: true, files: inputs.files.length, suppliers: inputs.suppliers.map((s) => s.mpid), tariffs: inputs.tariffs.map((t) => t.tariff_id) };
      if (opts.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      else process.stdout.write(`${inputs.files.length} files are valid: ${inputs.suppliers.length} suppliers, ${inputs.tariffs.length} tariffs (nothing written: --check)\n`);
    });
  withStoreOptions(tariffs
    .command('cost'))
    .description('the exact bill of a tariff over half-hourly readings: standing charge × days + Σ kWh × price per band, VAT')
    .requiredOption('--tariff <file|id>', 'a tariff file (one tariff object or a bundle with one tariff), or a tariff id in the store')
    .requiredOption('--readings <csv>', 'half-hourly readings: header "timestamp,kWh", then the start of each half hour (UTC "Z" or with its offset) and its kWh')
    .option('--from <date>', 'first local day billed (YYYY-MM-DD; default the first reading\'s day)')
    .option('--to <date>', 'last local day billed (YYYY-MM-DD; default the last reading\'s day)')
    .option('--json', 'print the bill as JSON (decimal strings in pounds)')
    .addHelpText(
      'after',
      `
Rounding: each breakdown line (standing charge; each band and price block) is exact, then rounded
to whole pence half-up; VAT is charged on the sum of the rounded lines and rounded the same way; the
total is exactly the sum of the lines plus VAT. Bands are Europe/London wall-clock times.

Examples:
  $ ltds tariffs cost --tariff samples/tariffs/lanternwick/economy-7.json --readings samples/tariff-readings/clock-change-week.csv
  $ ltds tariffs cost --tariff samples/tariffs/fenmoor/tracker-half-hourly.json --readings samples/tariff-readings/clock-change-week.csv --json`,
    )
    .action(async (opts: CostOptions) => {
      const { billTariff, formatBill, parseReadingsCsv, readTariffFile } = await import('../../tariffs/index.js');
      let tariff: Tariff;
      if (existsSync(opts.tariff)) tariff = readTariffFile(opts.tariff);
      else if (TARIFF_ID.test(opts.tariff)) tariff = await withStore(opts, (store) => tariffById(store, opts.tariff));
      else throw new LtdsError('INPUT_NOT_FOUND', `--tariff ${opts.tariff} is neither a file nor a tariff id (trf_ + 32 hex)`, { option: '--tariff', path: opts.tariff });
      let text: string;
      try {
        text = readFileSync(opts.readings, 'utf8');
      } catch (err) {
        throw new LtdsError((err as NodeJS.ErrnoException).code === 'ENOENT' ? 'INPUT_NOT_FOUND' : 'INPUT_UNREADABLE', `--readings ${opts.readings} could not be read`, { option: '--readings', path: opts.readings }, {}, err);
      }
      const bill = billTariff(tariff, parseReadingsCsv(text, opts.readings), { ...(opts.from === undefined ? {} : { from: opts.from }), ...(opts.to === undefined ? {} : { to: opts.to }) });
      process.stdout.write(opts.json ? JSON.stringify(bill, null, 2) + '\n' : formatBill(bill));
    });
}

async function tariffById(store: Store, tariffId: string): Promise<Tariff> {
  const row = await store.db.withTables<{ tariff_tariffs: { tariff_id: string; body: string } }>().selectFrom('tariff_tariffs').select('body').where('tariff_id', '=', tariffId).executeTakeFirst();
  if (row === undefined) throw new LtdsError('TARIFF_NOT_FOUND', `no tariff ${tariffId} in the store (import it with ltds tariffs import)`, { tariff_id: tariffId });
  return JSON.parse(row.body) as Tariff;
}

/** Registers `tariffs supplier-key` and `tariffs user-token`: credentials shown once. */
function registerCredentials(tariffs: Command): void {
  withStoreOptions(tariffs.command('supplier-key').description('issue an API key for a supplier (X-Supplier-API-Key; shown once, stored as a hash)').argument('<mpid>'))
    .option('--json', 'print JSON')
    .action((mpid: string, opts: StoreLocationOptions & { json?: boolean }) =>
      withStore(opts, async (store) => {
        const { issueSupplierKey } = await import('../../tariffs/index.js');
        const key = await issueSupplierKey(store, mpid);
        process.stdout.write(opts.json ? JSON.stringify({ mpid, api_key: key }) + '\n' : `API key for supplier ${mpid} (shown once, keep it safe): ${key}\n`);
      }),
    );
  withStoreOptions(tariffs.command('user-token').description('issue (replacing any earlier one) the bearer token of an RTI User (shown once, stored as a hash)').argument('<user_id>'))
    .option('--json', 'print JSON')
    .action((userId: string, opts: StoreLocationOptions & { json?: boolean }) =>
      withStore(opts, async (store) => {
        const { issueUserToken } = await import('../../tariffs/index.js');
        const token = await issueUserToken(store, userId);
        process.stdout.write(opts.json ? JSON.stringify({ user_id: userId, token }) + '\n' : `bearer token for RTI User ${userId} (shown once, keep it safe): ${token}\n`);
      }),
    );
}
