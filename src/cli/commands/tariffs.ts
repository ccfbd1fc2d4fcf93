// `ltds tariffs import|cost`: load tariff files (JSON in the wire shape) into the store, all or nothing,
// and price half-hourly readings against a tariff with the exact bill and its per-band breakdown.
// The domain (src/tariffs/) is imported when a command runs, so start-up stays light.

import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { LtdsError } from '../../errors/index.js';

interface CostOptions {
  tariff: string;
  readings: string;
  from?: string;
  to?: string;
  json?: boolean;
}

/** Registers `tariffs`. */
export function registerTariffs(program: Command): void {
  const tariffs = program.command('tariffs').description('machine-readable tariffs: import tariff files, price half-hourly readings');
  tariffs
    .command('import')
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
  $ ltds tariffs import samples/tariffs/lanternwick/economy-7.json --json`,
    )
    .action(async (paths: string[], opts: { check?: boolean; json?: boolean }) => {
      const { readTariffInputs } = await import('../../tariffs/index.js');
      const inputs = readTariffInputs(paths);
      if (!opts.check) {
        throw new LtdsError('USAGE', 'importing into the store is not available in this build yet; run with --check to check the files', { option: '--check' });
      }
      const result = { checked: true, files: inputs.files.length, suppliers: inputs.suppliers.map((s) => s.mpid), tariffs: inputs.tariffs.map((t) => t.tariff_id) };
      if (opts.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      else process.stdout.write(`${inputs.files.length} files are valid: ${inputs.suppliers.length} suppliers, ${inputs.tariffs.length} tariffs (nothing written: --check)\n`);
    });
  tariffs
    .command('cost')
    .description('the exact bill of a tariff over half-hourly readings: standing charge × days + Σ kWh × price per band, VAT')
    .requiredOption('--tariff <file|id>', 'a tariff file (one tariff object or a bundle with one tariff)')
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
      if (!existsSync(opts.tariff)) {
        throw new LtdsError('INPUT_NOT_FOUND', `--tariff ${opts.tariff} is not a file`, { option: '--tariff', path: opts.tariff });
      }
      const tariff = readTariffFile(opts.tariff);
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
