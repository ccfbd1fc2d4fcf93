// openZipIndex (the serving host's way into published zips): every entry check of forEachZipEntry,
// concurrent reads of stored and deflated entries, small and large, byte-exact; damage detected.

import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import archiver from 'archiver';
import { describe, expect, test } from 'vitest';
import { openZipIndex } from '../src/cim-xml/zip.js';
import { realFile } from './helpers/real-data.js';

const tmp = mkdtempSync(join(tmpdir(), 'ltds-zipindex-'));

async function makeZip(name: string, fill: (z: archiver.Archiver) => void, options: archiver.ZipOptions = {}): Promise<string> {
  const path = join(tmp, name);
  const out = createWriteStream(path);
  const z = archiver('zip', options);
  z.pipe(out);
  fill(z);
  await z.finalize();
  await new Promise<void>((r) => out.on('close', () => r()));
  return path;
}

async function bytes(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const eq = readFileSync(realFile('cgmes30-microgrid/20210209T1930Z_1D_BE_EQ_9.xml'));
const big = Buffer.concat(Array.from({ length: 40 }, () => eq)); // ~7 MB, deflates to far over 64 KiB
const gl = readFileSync(realFile('cgmes30-microgrid/20210209T1930Z_1D_BE_GL_9.xml'));

describe('openZipIndex', () => {
  test.each([
    ['deflated', {}],
    ['stored', { store: true }],
  ] as const)('%s entries, small and large, read concurrently, equal the original bytes', async (kind, options) => {
    const zip = await makeZip(`${kind}.zip`, (z) => {
      z.append(eq, { name: 'EQ.xml' });
      z.append(gl, { name: 'GL.xml' });
      z.append(big, { name: 'BIG.xml' });
      z.append('', { name: 'EMPTY.xml' });
    }, options);
    const index = await openZipIndex(zip);
    expect(index.entries.map((e) => e.name)).toEqual(['EQ.xml', 'GL.xml', 'BIG.xml', 'EMPTY.xml']);
    expect(index.entry('BIG.xml')?.uncompressedSize).toBe(big.length);
    const expected: Record<string, Buffer> = { 'EQ.xml': eq, 'GL.xml': gl, 'BIG.xml': big, 'EMPTY.xml': Buffer.alloc(0) };
    const names = Array.from({ length: 60 }, (_, i) => ['EQ.xml', 'GL.xml', 'BIG.xml', 'EMPTY.xml'][i % 4]!);
    const got = await Promise.all(names.map(async (n) => [n, await bytes(await index.openEntry(n))] as const));
    for (const [n, b] of got) expect(b.equals(expected[n]!), n).toBe(true);
    expect(index.entryBytes('GL.xml')?.equals(gl)).toBe(true);
    expect(index.entryBytes('BIG.xml')).toBeNull();
    index.close();
    await expect(index.openEntry('EQ.xml')).rejects.toMatchObject({ code: 'ZIP_READ' });
  });

  test('a missing entry is ZIP_ENTRY_NOT_FOUND; hostile names and duplicates are refused', async () => {
    const ok = await makeZip('ok.zip', (z) => z.append(gl, { name: 'GL.xml' }));
    const index = await openZipIndex(ok);
    await expect(index.openEntry('EQ.xml')).rejects.toMatchObject({ code: 'ZIP_ENTRY_NOT_FOUND' });
    const dup = await makeZip('dup.zip', (z) => {
      z.append('<a/>', { name: 'EQ.xml' });
      z.append('<b/>', { name: 'EQ.xml' });
    });
    await expect(openZipIndex(dup)).rejects.toThrow(/appears twice/);
    const link = await makeZip('link.zip', (z) => z.symlink('EQ.xml', '/etc/passwd'));
    await expect(openZipIndex(link)).rejects.toThrow(/symbolic link/);
    const notZip = join(tmp, 'not.zip');
    writeFileSync(notZip, 'plain text, not a zip');
    await expect(openZipIndex(notZip)).rejects.toMatchObject({ code: 'ZIP_READ' });
  });

  test('damaged deflate data is an error on the stream, not a short file', async () => {
    const zip = await makeZip('damaged.zip', (z) => z.append(big, { name: 'BIG.xml' }));
    const raw = readFileSync(zip);
    const at = raw.indexOf(Buffer.from('BIG.xml')) + 7 + 200_000;
    raw.fill(0x55, at, at + 5000);
    const damaged = join(tmp, 'damaged2.zip');
    writeFileSync(damaged, raw);
    const index = await openZipIndex(damaged);
    await expect(bytes(await index.openEntry('BIG.xml'))).rejects.toThrow();
  });
});
