// Errors that used to hide the real error (issue 18): file-system surprises around inputs and
// outputs are coded and name the path; unpack never removes what it did not create; input bytes
// never reach the terminal raw.

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { unpackZip } from '../src/cases/unpack.js';
import { caughtAsync } from './helpers/errors.js';
import { runLtds } from './helpers/cli.js';
import { realFile } from './helpers/real-data.js';

const tmp = mkdtempSync(join(tmpdir(), 'ltds-fs-errors-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const EQ = realFile('MicroGridTestConfiguration_BC_BE_EQ_V2');

function zipOf(name: string): string {
  const dir = mkdtempSync(join(tmp, 'zip-'));
  copyFileSync(EQ, join(dir, 'EQ.xml'));
  const zip = join(tmp, name);
  execFileSync('zip', ['-q', zip, 'EQ.xml'], { cwd: dir });
  return zip;
}

describe('ltds unpack never removes what it did not create', () => {
  test('a file written into the empty target while unpacking survives, and the unpack fails', async () => {
    const zip = zipOf('race.zip');
    const target = join(tmp, 'race-target');
    mkdirSync(target);
    const running = unpackZip(zip, target);
    // The emptiness check has run; the extraction has not finished.
    writeFileSync(join(target, 'mine.txt'), 'my own work');
    const err = await caughtAsync(() => running);
    expect(err.code).toBe('UNPACK_TARGET');
    expect(err.message).toMatch(/no longer empty/);
    expect(readFileSync(join(target, 'mine.txt'), 'utf8')).toBe('my own work');
    expect(readdirSync(target)).toEqual(['mine.txt']);
    expect(readdirSync(tmp).filter((n) => n.includes('unpacking'))).toEqual([]);
  });

  test('unpack -o <a file> is a coded error and leaves the file alone', async () => {
    const zip = zipOf('to-file.zip');
    const file = join(tmp, 'a-file.txt');
    writeFileSync(file, 'keep me');
    const r = await runLtds(['unpack', zip, '-o', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ltds: error UNPACK_TARGET: the target folder .*a-file\.txt is a file, not a folder/);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    const inside = await runLtds(['unpack', zip, '-o', join(file, 'sub')]);
    expect(inside.stderr).toMatch(/error UNPACK_TARGET: .* is inside a file, not a folder/);
  });
});

test('convert -o <a folder> is a coded error before any work, and nothing is left behind', async () => {
  const dir = join(tmp, 'out-folder');
  mkdirSync(dir);
  const r = await runLtds(['convert', EQ, '--to', 'nt', '-o', dir]);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^ltds: error OUTPUT_WRITE: cannot write .*out-folder: it is a folder; give a file name/);
  expect(readdirSync(dir)).toEqual([]);
  expect(readdirSync(tmp).filter((n) => n.endsWith('.tmp'))).toEqual([]);
});

describe('symbolic links', () => {
  test('a folder holding a link to itself is walked once (links to folders are not followed)', async () => {
    const dir = join(tmp, 'loop');
    mkdirSync(dir);
    copyFileSync(EQ, join(dir, 'EQ.xml'));
    symlinkSync('.', join(dir, 'again'));
    symlinkSync(dir, join(dir, 'absolute-again'));
    const r = await runLtds(['inspect', dir, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.stringify(JSON.parse(r.stdout))).toMatch(/EQ\.xml/);
    expect(r.stdout.match(/again/g)).toBeNull();
  });

  test('a link that loops is a coded error naming it', async () => {
    const link = join(tmp, 'self.xml');
    symlinkSync('self.xml', link);
    for (const args of [['inspect', link], ['validate', link], ['convert', link, '--to', 'nt']]) {
      const r = await runLtds(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^ltds: error INPUT_UNREADABLE: cannot read .*self\.xml: ELOOP/);
    }
  });
});

describe('what the input really is', () => {
  test('UTF-16 input is named as such', async () => {
    const file = join(tmp, 'utf16.xml');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(EQ, 'utf8').replace('encoding="UTF-8"', ''), 'utf16le')]));
    const r = await runLtds(['inspect', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error XML_ENCODING: the input is UTF-16, which is not supported; CIM XML is UTF-8/);
  });

  test('a zip named .xml is named a zip', async () => {
    const file = join(tmp, 'really-a-zip.xml');
    copyFileSync(zipOf('inner.zip'), file);
    const r = await runLtds(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error XML_ENCODING: the input is a zip archive, not XML/);
  });

  test('an ESC from the input reaches the terminal as its code, never raw', async () => {
    const file = join(tmp, 'escape.xml');
    writeFileSync(file, `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cim="http://iec.ch/TC57/CIM100#"><cim:A rdf:ID="_a"></cim:A\u001b[2J\u001b[31m></rdf:RDF>`);
    const r = await runLtds(['inspect', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ltds: error XML_MISMATCHED_TAG: .*\\x1b\[2J\\x1b\[31m/);
    expect(r.stderr.includes('\u001b')).toBe(false);
  });
});
