// Zip archives read in place: hostile entries are refused with ZIP_READ, nothing is extracted.

import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import archiver from 'archiver';
import { describe, expect, test } from 'vitest';
import { checkEntryName, forEachZipEntry, listZipEntries, openZipIndex, withZipEntry } from '../src/cim-xml/zip.js';
import { caughtAsync as refusal } from './helpers/errors.js';
import { writeRawZip, type RawEntry } from './helpers/raw-zip.js';
import { realFile } from './helpers/real-data.js';

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

describe('entries whose data does not match their directory', () => {
  // A real CIM file, deflated, in archives that lie about its size or hold broken deflate data:
  // read entry by entry (validate, inspect, unpack) and through the server's index, each is refused
  // with ZIP_READ naming the entry — never passed on longer or shorter than the directory says.
  const eq = readFileSync(realFile('MicroGridTestConfiguration_BC_BE_EQ_V2'));
  // Two sizes: the small one the index reads in one step, the large one (over 64 KiB deflated) it streams.
  const payloads: [string, Buffer][] = [['small', eq], ['large', Buffer.concat(Array.from({ length: 40 }, () => eq))]];
  const variants: [string, string, RawEntry, RegExp][] = payloads.flatMap(([size, data]): [string, string, RawEntry, RegExp][] => [
    [size, 'understates its size', { name: 'EQ.xml', data, deflate: true, declaredSize: data.length - 100 }, /entry 'EQ\.xml' is longer than the \d+ bytes its directory records/],
    [size, 'overstates its size', { name: 'EQ.xml', data, deflate: true, declaredSize: data.length + 100 }, /entry 'EQ\.xml' has \d+ bytes, but its directory records \d+/],
    [size, 'holds data that does not inflate', { name: 'EQ.xml', data, deflate: true, body: Buffer.from(deflateRawSync(data).subarray(0, size === 'small' ? 4000 : 200_000).map((b, i) => (i > 100 ? b ^ 0x5a : b))) }, /entry 'EQ\.xml' does not inflate/],
  ]);
  test.each(variants)('a %s entry that %s is refused', async (size, label, entry, message) => {
    const zip = join(tmp, `lying-${size}-${label.replace(/\W+/g, '-')}.zip`);
    writeRawZip(zip, [entry]);
    const streamed = await refusal(() => withZipEntry(zip, 'EQ.xml', async (s) => {
      for await (const _ of s) void _;
    }));
    expect(streamed.code).toBe('ZIP_READ');
    expect(streamed.message).toMatch(message);
    const index = await openZipIndex(zip);
    try {
      // The large entry takes the index's streaming path, not its one-read path.
      if (size === 'large') expect(index.entryBytes('EQ.xml')).toBeNull();
      const fromIndex = await refusal(async () => {
        for await (const _ of await index.openEntry('EQ.xml')) void _;
      });
      expect(fromIndex.code).toBe('ZIP_READ');
      expect(fromIndex.message).toMatch(message);
    } finally {
      index.close();
    }
  });

  test('the same entry told the truth reads back byte for byte, both ways', async () => {
    const zip = join(tmp, 'honest.zip');
    writeRawZip(zip, [{ name: 'EQ.xml', data: eq, deflate: true }]);
    const chunks: Buffer[] = [];
    await withZipEntry(zip, 'EQ.xml', async (s) => {
      for await (const c of s) chunks.push(c as Buffer);
    });
    expect(Buffer.concat(chunks).equals(eq)).toBe(true);
    const index = await openZipIndex(zip);
    const again: Buffer[] = [];
    for await (const c of await index.openEntry('EQ.xml')) again.push(c as Buffer);
    index.close();
    expect(Buffer.concat(again).equals(eq)).toBe(true);
  });
});
