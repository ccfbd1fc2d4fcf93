// The `ltds` command behaves like a Unix tool: output into a pipe that closes early ends quietly,
// usage errors look like every other failure and point at the help, an input that gives no CIM
// file is an error, and two commands agree on what a file holds.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { LTDS, runLtds, type CliRun } from './helpers/cli.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEMO = join(ROOT, 'samples', 'DEMO');
const tmp = mkdtempSync(join(tmpdir(), 'ltds-unix-'));

/** `ltds args | head -c <bytes>` in bash: ltds's own exit status and standard error, and what head printed. */
function pipedToHead(args: string[], bytes: number): Promise<CliRun> {
  const quoted = [process.execPath, LTDS, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const script = `${quoted} 2>"$ERR" | head -c ${bytes}; echo; echo "ltds exit: \${PIPESTATUS[0]}"; cat "$ERR" >&2`;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { cwd: ROOT, env: { ...process.env, ERR: join(mkdtempSync(join(tmp, 'err-')), 'stderr') } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', () => {
      const m = /ltds exit: (\d+)\n$/.exec(stdout);
      resolve({ code: m ? Number(m[1]) : -1, stdout: stdout.slice(0, m?.index ?? stdout.length), stderr });
    });
  });
}

/** `ltds args` with its standard output closed by the reader before anything is written. */
function readerGone(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LTDS, ...args], { cwd: ROOT });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: '', stderr }));
  });
}

describe('a pipe closed early ends the command quietly (EPIPE)', () => {
  // Each output is far larger than a pipe's buffer (64 KiB), so the writer meets the closed pipe.
  test.each([
    ['convert --to nt', ['convert', join(DEMO, 'network', 'EQ.xml'), '--to', 'nt'], '<urn:uuid:d95de847-2571-43be-8a14-e8f24a9c5f97> '],
    ['validate --format json', ['validate', DEMO, '--format', 'json'], '{\n  "findings": ['],
    ['inspect --json', ['inspect', DEMO, '--json'], '[\n  {'],
  ])('ltds %s | head', async (_name, args, start) => {
    const r = await pipedToHead(args, 200);
    expect(r.stdout.startsWith(start), r.stdout).toBe(true);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  test.each([
    ['convert', ['convert', join(DEMO, 'network', 'EQ.xml'), '--to', 'nt']],
    ['validate', ['validate', join(DEMO, 'network')]],
    ['inspect', ['inspect', DEMO]],
  ])('ltds %s with its reader gone before the first byte', async (_name, args) => {
    const r = await readerGone(args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('usage errors look like every other failure and point at the help', () => {
  test.each([
    [['inspect', '--bogus', 'x.xml'], "ltds: error USAGE: unknown option '--bogus' (see ltds inspect --help)"],
    [['samples', 'generate', '-o', 'x'], "ltds: error USAGE: required option '--substations <n>' not specified (see ltds samples generate --help)"],
    [['bogus'], "ltds: error USAGE: unknown command 'bogus' (see ltds --help)"],
    [['convert', '--to', 'nt'], "ltds: error USAGE: missing required argument 'input' (see ltds convert --help)"],
    [['validate', 'x.xml', '--format', 'pdf'], "ltds: error USAGE: --format must be text, json or sarif, not 'pdf' (see ltds validate --help)"],
  ])('ltds %j', async (args, line) => {
    const r = await runLtds(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${line}\n`);
    expect(r.stdout).toBe('');
  });

  test('an option argument a parser refuses names the option', async () => {
    const r = await runLtds(['samples', 'generate', '--substations', 'many', '-o', join(tmp, 'g')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ltds: error USAGE: option '--substations <n>' argument 'many' is invalid\. --substations must be a whole number of at least 1, got 'many' \(see ltds samples generate --help\)\n$/);
  });
});

describe('an input that gives no CIM file is an error, not a silent success', () => {
  const empty = join(tmp, 'empty');
  mkdirSync(empty, { recursive: true });
  const notCim = join(tmp, 'not-cim');
  mkdirSync(notCim, { recursive: true });
  writeFileSync(join(notCim, 'readme.txt'), 'no CIM here');

  test.each([
    ['inspect', 'an empty folder', ['inspect', empty], `no CIM files found in ${empty} (the folder holds no .xml, .rdf or .zip files)`],
    ['validate', 'a folder without CIM files', ['validate', notCim], `no CIM files found in ${notCim} (the folder holds no .xml, .rdf or .zip files)`],
    ['convert', 'an empty folder', ['convert', empty, '--to', 'nt'], `no CIM files found in ${empty}`],
    ['inspect', 'a glob that matched nothing', ['inspect', join(empty, '*.xml')], `no CIM files found: nothing matches '${join(empty, '*.xml')}'`],
    ['heatmap', 'an empty folder', ['heatmap', empty, '-o', join(tmp, 'hm')], `no CIM files found in ${empty}`],
  ])('ltds %s on %s: exit 2, INPUT_NOT_FOUND', async (_cmd, _what, args, message) => {
    const r = await runLtds(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`ltds: error INPUT_NOT_FOUND: ${message}`);
    expect(r.stdout).toBe('');
  });
});

test('samples generate prints a human summary, and one JSON line with --json', async () => {
  const human = await runLtds(['samples', 'generate', '--substations', '12', '-o', join(tmp, 's1')]);
  expect(human.code).toBe(0);
  const lines = human.stdout.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^12 substations: \d+ GSP, \d+ BSP, \d+ primary, \d+ generation sites$/);
  expect(lines.slice(1)).toEqual([expect.stringMatching(/s1\/DEMO_EQ\.xml +\d+ objects +\d+ bytes$/), expect.stringMatching(/s1\/DEMO_GL\.xml +\d+ objects +\d+ bytes$/)]);
  const json = await runLtds(['samples', 'generate', '--substations', '12', '-o', join(tmp, 's2'), '--json']);
  expect(json.stdout.trimEnd().split('\n')).toHaveLength(1);
  const result = JSON.parse(json.stdout) as { substations: Record<string, number>; files: { counts: Record<string, number> }[] };
  expect(Object.values(result.substations).reduce((a, b) => a + b, 0)).toBe(12);
  // The summary's figures are the JSON's.
  const eqObjects = Object.values(result.files[0]!.counts).reduce((a, b) => a + b, 0);
  expect(lines[1]).toContain(` ${eqObjects} objects`);
});

test('inspect and validate count the same objects in the same file (the header is not an object)', async () => {
  for (const file of [join(DEMO, 'network', 'EQ.xml'), join(DEMO, 'network', 'SC.xml'), join(DEMO, 'gb-maximum', 'SSH.xml')]) {
    const inspected = JSON.parse((await runLtds(['inspect', file, '--json'])).stdout) as [{ objects: number; classes: Record<string, number> }];
    const validated = JSON.parse((await runLtds(['validate', file, '--format', 'json'])).stdout) as { files: [{ objects: number }] };
    expect(validated.files[0].objects, file).toBe(inspected[0].objects);
    expect(inspected[0].objects).toBe(Object.values(inspected[0].classes).reduce((a, b) => a + b, 0));
  }
});

test('the examples in the commands\' --help name sample files that exist', async () => {
  const named: string[] = [];
  for (const cmd of [['inspect'], ['convert'], ['validate'], ['diff'], ['package'], ['heatmap'], ['samples', 'generate'], ['pipeline', 'run']]) {
    const help = await runLtds([...cmd, '--help']);
    expect(help.code).toBe(0);
    named.push(...[...help.stdout.matchAll(/\b(samples\/DEMO\/[^\s:'"]+|pipelines\/[\w-]+\.json)/g)].map((m) => m[1]!));
  }
  expect(named.length).toBeGreaterThan(0);
  expect(named.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
});
