// Zip archives, round two (issue 18): stored entries are read, a CRC-32 mismatch is refused before
// the last byte is passed on, entries that share data (overlap) are refused, and the whole
// archive's size is bounded wherever an archive is read — not only by unpack.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { listZipEntries, openZipIndex, withZipEntry } from '../src/cim-xml/zip.js';
import { unpackZip } from '../src/cases/unpack.js';
import { caughtAsync as refusal } from './helpers/errors.js';
import { writeOverlappingZip, writeRawZip } from './helpers/raw-zip.js';
import { realFile } from './helpers/real-data.js';
import { rmSync } from 'node:fs';

const tmp = mkdtempSync(join(tmpdir(), 'ltds-zip-hostile-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const eq = readFileSync(realFile('MicroGridTestConfiguration_BC_BE_EQ_V2'));

async function entryBytes(zip: string, name: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await withZipEntry(zip, name, async (s) => {
    for await (const c of s) chunks.push(c as Buffer);
  });
  return Buffer.concat(chunks);
}

async function indexBytes(zip: string, name: string): Promise<Buffer> {
  const index = await openZipIndex(zip);
  try {
    const chunks: Buffer[] = [];
    for await (const c of await index.openEntry(name)) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  } finally {
    index.close();
  }
}

describe('stored (uncompressed) entries', () => {
  test('an entry stored by `zip -0` reads back byte for byte, streamed and through the index', async () => {
    const dir = mkdtempSync(join(tmp, 'zip0-'));
    const zip = join(dir, 'stored.zip');
    execFileSync('cp', [realFile('MicroGridTestConfiguration_BC_BE_EQ_V2'), join(dir, 'EQ.xml')]);
    execFileSync('zip', ['-0', '-q', zip, 'EQ.xml'], { cwd: dir });
    expect((await entryBytes(zip, 'EQ.xml')).equals(eq)).toBe(true);
    expect((await indexBytes(zip, 'EQ.xml')).equals(eq)).toBe(true);
  });

  test('a stored entry next to a deflated one (as Python writestr makes) unpacks completely', async () => {
    const zip = join(tmp, 'mixed.zip');
    writeRawZip(zip, [
      { name: 'EQ.xml', data: eq },
      { name: 'copy/EQ.xml', data: eq, deflate: true },
    ]);
    const target = join(tmp, 'mixed-out');
    const r = await unpackZip(zip, target);
    expect(r.files.map((f) => f.name)).toEqual(['EQ.xml', 'copy/EQ.xml']);
    expect(readFileSync(join(target, 'EQ.xml')).equals(eq)).toBe(true);
    expect(readFileSync(join(target, 'copy/EQ.xml')).equals(eq)).toBe(true);
  });
});

describe('CRC-32', () => {
  // One byte of the data changed after the archive was made: the sizes still match, only the CRC tells.
  const tampered = Buffer.from(eq);
  tampered[tampered.length >> 1]! ^= 0x01;
  test.each([
    ['stored', false, eq.subarray(0, 20_000)],
    ['deflated (small, read in one step by the index)', true, eq.subarray(0, 20_000)],
    ['deflated (large, streamed by the index)', true, Buffer.concat(Array.from({ length: 40 }, () => eq))],
  ])('a tampered %s entry is refused with ZIP_CRC, streamed and through the index', async (label, deflate, original) => {
    const changed = Buffer.from(original);
    changed[changed.length >> 1]! ^= 0x01;
    const zip = join(tmp, `crc-${label.replace(/\W+/g, '-')}.zip`);
    const { crc32 } = await import('node:zlib');
    writeRawZip(zip, [{ name: 'EQ.xml', data: changed, deflate, crc: crc32(original) }]);
    const streamed = await refusal(() => entryBytes(zip, 'EQ.xml'));
    expect(streamed.code).toBe('ZIP_CRC');
    expect(streamed.message).toMatch(/entry 'EQ\.xml' fails its CRC-32 check/);
    const indexed = await refusal(() => indexBytes(zip, 'EQ.xml'));
    expect(indexed.code).toBe('ZIP_CRC');
  });

  test('unpack of a tampered entry writes nothing', async () => {
    const zip = join(tmp, 'crc-unpack.zip');
    const { crc32 } = await import('node:zlib');
    writeRawZip(zip, [
      { name: 'a.xml', data: eq, deflate: true },
      { name: 'b.xml', data: tampered, deflate: true, crc: crc32(eq) },
    ]);
    const target = join(tmp, 'crc-unpack-out');
    expect((await refusal(() => unpackZip(zip, target))).code).toBe('ZIP_CRC');
    expect(existsSync(target)).toBe(false);
    expect(execFileSync('ls', ['-a', tmp], { encoding: 'utf8' })).not.toMatch(/unpacking/);
  });
});

describe('archive-wide limits', () => {
  test('central-directory entries that share one data block are refused (overlap bomb)', async () => {
    const zip = join(tmp, 'overlap.zip');
    const names = Array.from({ length: 20 }, (_, i) => `EQ${i}.xml`);
    writeOverlappingZip(zip, eq, names);
    for (const run of [() => listZipEntries(zip), () => entryBytes(zip, 'EQ3.xml'), () => openZipIndex(zip), () => unpackZip(zip, join(tmp, 'overlap-out'))]) {
      const err = await refusal(run);
      expect(err.code).toBe('ZIP_READ');
      expect(err.message).toMatch(/entries 'EQ\d+\.xml' and 'EQ\d+\.xml' overlap/);
    }
    expect(existsSync(join(tmp, 'overlap-out'))).toBe(false);
  });

  test('the total uncompressed size is bounded when an entry is read, not only when unpacking', async () => {
    const zip = join(tmp, 'total.zip');
    writeRawZip(zip, [1, 2, 3].map((i) => ({ name: `EQ${i}.xml`, data: eq, deflate: true })));
    const limit = eq.length * 2;
    const err = await refusal(() => withZipEntry(zip, 'EQ1.xml', async () => undefined, { maxTotalBytes: limit }));
    expect(err.code).toBe('ZIP_READ');
    expect(err.message).toMatch(new RegExp(`expands to more than ${limit} bytes in all`));
    expect((await refusal(() => listZipEntries(zip, { maxEntries: 2 }))).message).toMatch(/more than 2 entries/);
  });

  test('many entries each under the per-entry ratio are refused by the archive-wide ratio', async () => {
    const zip = join(tmp, 'many-small.zip');
    // 1 MiB each: at the per-entry threshold, so no single entry is judged; together 20 MiB from ~20 KiB.
    writeRawZip(zip, Array.from({ length: 20 }, (_, i) => ({ name: `zeros${i}.xml`, data: Buffer.alloc(1 << 20, 0x20), deflate: true })));
    expect((await listZipEntries(zip, { maxRatio: 2000 })).length).toBe(20);
    const err = await refusal(() => listZipEntries(zip, { maxRatio: 500 }));
    expect(err.code).toBe('ZIP_READ');
    expect(err.message).toMatch(/the archive expands to \d+ bytes from \d+, a ratio over the limit of 500:1/);
  });
});
