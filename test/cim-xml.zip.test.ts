// Zip archives read in place: hostile entries are refused with ZIP_READ, nothing is extracted.

import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import archiver from 'archiver';
import { describe, expect, test } from 'vitest';
import { checkEntryName, forEachZipEntry, listZipEntries } from '../src/cim-xml/zip.js';
import { caughtAsync as refusal } from './helpers/errors.js';

const tmp = mkdtempSync(join(tmpdir(), 'ltds-zip-'));

async function makeZip(name: string, fill: (z: archiver.Archiver) => void): Promise<string> {
  const path = join(tmp, name);
  const out = createWriteStream(path);
  const z = archiver('zip');
  z.pipe(out);
  fill(z);
  await z.finalize();
  await new Promise<void>((r) => out.on('close', () => r()));
  return path;
}

describe('entry names that could escape a folder', () => {
  test.each([
    ['../evil.xml', /climbs out/],
    ['a/../../evil.xml', /climbs out/],
    ['/etc/evil.xml', /absolute path/],
    ['C:/evil.xml', /absolute path/],
    ['a\\evil.xml', /backslash/],
  ])('%s', (name, message) => {
    expect(() => checkEntryName(name, 'x.zip')).toThrow(message);
  });

  test('ordinary names pass', () => {
    expect(() => checkEntryName('EQ.xml', 'x.zip')).not.toThrow();
    expect(() => checkEntryName('case/EQ.xml', 'x.zip')).not.toThrow();
  });
});

describe('hostile archives', () => {
  test('a duplicate entry name is refused', async () => {
    const zip = await makeZip('dup.zip', (z) => {
      z.append('<a/>', { name: 'EQ.xml' });
      z.append('<b/>', { name: 'EQ.xml' });
    });
    expect((await refusal(() => listZipEntries(zip))).message).toMatch(/'EQ\.xml' appears twice/);
  });

  test('a symbolic link entry is refused', async () => {
    const zip = await makeZip('link.zip', (z) => {
      z.symlink('EQ.xml', '/etc/passwd');
    });
    expect((await refusal(() => listZipEntries(zip))).message).toMatch(/symbolic link/);
  });

  test('an entry over the compression-ratio limit is refused before it is read', async () => {
    const zip = await makeZip('bomb.zip', (z) => {
      z.append(Buffer.alloc(4 << 20), { name: 'EQ.xml' });
    });
    let read = false;
    const err = await refusal(() =>
      forEachZipEntry(
        zip,
        async () => {
          read = true;
        },
        () => true,
        { maxRatio: 100 },
      ),
    );
    expect(err.code).toBe('ZIP_READ');
    expect(err.message).toMatch(/compression ratio of \d+:1, over the limit of 100:1/);
    expect(read).toBe(false);
    const big = await refusal(() => listZipEntries(zip, { maxEntryBytes: 1 << 20 }));
    expect(big.message).toMatch(/expands to 4194304 bytes, over the limit/);
  });

  test('a file that is not a zip is refused with ZIP_READ', async () => {
    const path = join(tmp, 'corrupt.zip');
    writeFileSync(path, 'PK\u0003\u0004 this is not really a zip archive');
    expect((await refusal(() => listZipEntries(path))).code).toBe('ZIP_READ');
  });
});
