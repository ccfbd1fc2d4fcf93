// `ltds unpack <zip> -o <dir>`: safe extraction of a case zip (or any zip).

import type { Command } from 'commander';

/** Registers `unpack`. */
export function registerUnpack(program: Command): void {
  program
    .command('unpack')
    .description('extract a zip safely: every entry checked first, all or nothing, nothing outside the target folder')
    .argument('<zip>', 'the archive')
    .requiredOption('-o, --output <dir>', 'a new or empty folder to extract into')
    .option('--json', 'print the extracted files as JSON')
    .addHelpText('after', `
Refused (exit 2, nothing written): entry names with '..', absolute paths, backslashes or drive
letters; symbolic links; encrypted entries; duplicate names (also names differing only in case);
entries that overlap; an entry over 8 GiB, or over 1000:1 compression; a total over 16 GiB or
10,000 entries; data failing its CRC-32 (ZIP_CRC); a corrupt archive. The target is never emptied:
if something appears in it meanwhile, unpack fails and leaves it as it is.
A zip named LTDS_... must follow the naming convention (exit 1 otherwise).

Example:
  $ ltds unpack out/DEMO/2026-01/v1/LTDS_DEMO_2026-01_FaultLevel_v1.zip -o /tmp/fault-level`)
    .action(async (zip: string, opts: { output: string; json?: boolean }) => {
      const { isCaseZipName, parseCaseName, unpackZip } = await import('../../cases/index.js');
      if (isCaseZipName(zip)) parseCaseName(zip);
      const r = await unpackZip(zip, opts.output);
      if (opts.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
      else {
        process.stdout.write(`unpacked ${r.files.length} file(s) into ${r.dir}\n`);
        for (const f of r.files) process.stdout.write(`  ${f.name}  ${f.size} bytes\n`);
      }
    });
}
