// Every command example of the README runs as written, against the DEMO sample, so the README
// stays true. The convention (stated in the README): in a fenced block, a line starting `$ ltds` or
// `$ curl` is a command (a trailing `\` continues it on the next line); the lines after it, up to
// the next command or the end of the block, are its output. A line `...` stands for any number of
// lines, and `…` inside a line for any text (times, ports). Shown output must match exactly
// otherwise; a command shown without output is only required to exit 0; a command whose shown
// output starts `ltds: error ` must fail with that on standard error.
//
// The commands run one after the other, like a shell session, in a new folder holding the
// checkout's samples/ and pipelines/; `ltds` is the checkout's bin/ltds. `$ curl` commands run
// against `ltds serve` on a free port (the README's http://127.0.0.1:8080 is replaced by its
// address) and must succeed (curl --fail).
//
// A block fenced `console session` is a shell session instead (test/helpers/readme-session.ts): its
// commands run in one bash shell, variables carried from line to line, against an `ltds serve` of
// its own; `127.0.0.1:8080` is that host, `127.0.0.1:9000` and `--port 9000` a free port for the
// webhook receiver the session starts. Each command must exit 0 and print what the block shows.

import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { LTDS } from './helpers/cli.js';
import { ENGINES, testDatabase } from './helpers/engines.js';
import { isSessionFence, readmeSessions, runSession } from './helpers/readme-session.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const README_URL = 'http://127.0.0.1:8080';

/** One command example: where it is, what it runs, the output it shows. */
export interface Example {
  line: number;
  command: string;
  output: string[];
}

/** The command examples of a Markdown text, in order. */
export function readmeExamples(markdown: string): Example[] {
  const lines = markdown.split('\n');
  const examples: Example[] = [];
  let inBlock = false;
  let current: Example | undefined;
  let inSession = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('```')) {
      inBlock = !inBlock;
      inSession = inBlock && isSessionFence(line);
      current = undefined;
      continue;
    }
    if (!inBlock || inSession) continue;
    if (/^\$ (ltds|curl)\b/.test(line)) {
      let command = line.slice(2);
      const at = i + 1;
      while (command.endsWith('\\') && i + 1 < lines.length) command = `${command.slice(0, -1)} ${lines[++i]!.trim()}`;
      current = { line: at, command, output: [] };
      examples.push(current);
    } else if (line.startsWith('$ ')) {
      current = undefined;
    } else if (current) {
      current.output.push(line);
    }
  }
  for (const e of examples) while (e.output.length > 0 && e.output.at(-1)?.trim() === '') e.output.pop();
  return examples;
}

/** Whether `actual` output matches the `shown` lines (`...` any lines, `…` any text). */
export function outputMatches(shown: readonly string[], actual: string): boolean {
  const got = actual.replace(/\n$/, '').split('\n').map((l) => l.trimEnd());
  const pattern = shown.map((l) => l.trimEnd());
  const lineRe = (p: string): RegExp => new RegExp(`^${p.split('…').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  const match = (pi: number, gi: number): boolean => {
    if (pi === pattern.length) return gi === got.length;
    if (pattern[pi]!.trim() === '...') {
      for (let k = gi; k <= got.length; k++) if (match(pi + 1, k)) return true;
      return false;
    }
    return gi < got.length && lineRe(pattern[pi]!).test(got[gi]!) && match(pi + 1, gi + 1);
  };
  return match(0, 0);
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function sh(command: string, cwd: string, env: NodeJS.ProcessEnv, until?: (stdout: string) => boolean): Promise<Ran> {
  return new Promise((resolve, reject) => {
    // detached: its own process group, so a long-running command is stopped with everything it started.
    const child = spawn('sh', ['-c', command], { cwd, env, detached: true });
    let stdout = '';
    let stderr = '';
    let stopped = false;
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      process.kill(-child.pid!, 'SIGTERM');
    };
    const timer = until ? setTimeout(stop, 60_000) : undefined;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (until?.(stdout)) stop();
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: stopped ? 0 : code, stdout, stderr });
    });
  });
}

const work = mkdtempSync(join(tmpdir(), 'ltds-readme-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('every command example in the README runs as written and prints what it shows', async () => {
  const examples = readmeExamples(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  expect(examples.length).toBeGreaterThan(20);
  symlinkSync(join(ROOT, 'samples'), join(work, 'samples'));
  symlinkSync(join(ROOT, 'test'), join(work, 'test'));
  cpSync(join(ROOT, 'pipelines'), join(work, 'pipelines'), { recursive: true });
  const bin = join(work, '.bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'ltds'), `#!/bin/sh\nexec "${process.execPath}" "${LTDS}" "$@"\n`);
  chmodSync(join(bin, 'ltds'), 0o755);
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, LTDS_DB: join(work, '.data', 'ltds.sqlite'), NO_COLOR: '1' };
  delete env.LTDS_PIPELINE_HOLD;

  const failures: string[] = [];
  let server: { stop: () => Promise<void>; base: string } | undefined;
  try {
    for (const e of examples) {
      let command = e.command;
      if (/^curl\b/.test(command)) {
        server ??= await startServer(work, env);
        command = command.replaceAll(README_URL, server.base).replace(/^curl\b/, 'curl --fail');
      }
      // Long-running commands (the host) are stopped once they have printed what the README shows.
      const serves = /^ltds (serve|start)\b/.test(command) && !command.includes('--no-serve');
      const until = serves ? (out: string) => outputMatches([...e.output, '...'], out) : undefined;
      const r = await sh(command, work, env, until);
      const where = `README.md:${e.line}: $ ${e.command}`;
      // A shown failure (`ltds: error CODE: …`) is an expected one: a non-zero exit whose standard error matches.
      if (e.output[0]?.startsWith('ltds: error ')) {
        if (r.code === 0 || !outputMatches(e.output, r.stderr)) failures.push(`${where}\n  expected this failure, got exit ${r.code}: ${r.stderr.trim().split('\n').slice(0, 3).join(' | ')}`);
        continue;
      }
      if (r.code !== 0) failures.push(`${where}\n  exited ${r.code}: ${r.stderr.trim().split('\n').slice(0, 3).join(' | ')}`);
      else if (e.output.length > 0 && !outputMatches(e.output, r.stdout)) failures.push(`${where}\n  printed:\n${r.stdout.split('\n').slice(0, 40).map((l) => `    ${l}`).join('\n')}`);
    }
  } finally {
    await server?.stop();
  }
  expect(failures, failures.join('\n\n')).toEqual([]);
}, 600_000);

/** `ltds serve` over the folder's out/ on a free port, for the curl examples. */
async function startServer(cwd: string, env: NodeJS.ProcessEnv, store = ['--db', join(cwd, '.data', 'curl.sqlite')]): Promise<{ stop: () => Promise<void>; base: string }> {
  const child = spawn(process.execPath, [LTDS, 'serve', '--out', 'out', '--port', '0', '--json', ...store], { cwd, env });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    child.on('exit', (code) => reject(new Error(`ltds serve exited ${code}`)));
  });
  return {
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    base: (JSON.parse(line) as { url: string }).url,
  };
}

/** A port nothing listens on now (for the session's webhook receiver). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test.each(ENGINES.map((e) => [e] as const))('every shell session of the README runs as one session on %s, each command printing what it shows', async (engine) => {
  const sessions = readmeSessions(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  // The DAR walk-through and the Tariff API examples at least.
  expect(sessions.length).toBeGreaterThanOrEqual(2);
  const failures: string[] = [];
  for (const session of sessions) {
    // Each session in a folder of its own holding the checkout's samples/ and scripts/, with a fresh store
    // that the host and the session's `ltds` commands share (LTDS_DB or LTDS_DATABASE_URL).
    const cwd = mkdtempSync(join(work, 'session-'));
    symlinkSync(join(ROOT, 'samples'), join(cwd, 'samples'));
    symlinkSync(join(ROOT, 'scripts'), join(cwd, 'scripts'));
    mkdirSync(join(cwd, 'out'));
    const bin = join(cwd, '.bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'ltds'), `#!/bin/sh\nexec "${process.execPath}" "${LTDS}" "$@"\n`);
    chmodSync(join(bin, 'ltds'), 0o755);
    const database = engine === 'postgres' ? await testDatabase('postgres') : undefined;
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, NO_COLOR: '1' };
    delete env.LTDS_DB;
    delete env.LTDS_DATABASE_URL;
    let storeArgs: string[];
    if (database && 'url' in database.location) {
      env.LTDS_DATABASE_URL = database.location.url;
      storeArgs = ['--database-url', database.location.url];
    } else {
      env.LTDS_DB = join(cwd, '.data', 'ltds.sqlite');
      storeArgs = ['--db', env.LTDS_DB];
    }
    const server = await startServer(cwd, env, storeArgs);
    try {
      const hookPort = String(await freePort());
      const commands = session.commands.map((c) => c.command.replaceAll(README_URL, server.base).replaceAll('127.0.0.1:9000', `127.0.0.1:${hookPort}`).replaceAll('--port 9000', `--port ${hookPort}`));
      // Every command's output is checked (nothing shown: nothing printed), so a refused request shows.
      const results = await runSession(commands, { cwd, env, timeoutMs: 400_000 });
      session.commands.forEach((c, i) => {
        const r = results[i]!;
        const where = `README.md:${c.line}: $ ${c.command.split('\n')[0]}`;
        if (r.code !== 0) failures.push(`${where}\n  exited ${r.code}: ${r.stderr.trim().split('\n').slice(0, 3).join(' | ')}`);
        else if (c.output.length === 0 ? r.stdout !== '' : !outputMatches(c.output, r.stdout)) failures.push(`${where}\n  printed:\n${r.stdout.split('\n').slice(0, 20).map((l) => `    ${l}`).join('\n')}`);
      });
    } finally {
      await server.stop();
      await database?.drop();
    }
  }
  expect(failures, failures.join('\n\n')).toEqual([]);
}, 600_000);

test('the session reader: commands, `> ` continuations, comments, shown output', () => {
  const md = '```\n$ curl not-a-session\n```\n```console session\n# a comment\n$ A=$(echo \'{\n> "x": 1}\')\n$ echo "$A" | jq -c .\n{"x":1}\n\n```\n';
  expect(readmeSessions(md)).toEqual([
    {
      line: 4,
      commands: [
        { line: 6, command: "A=$(echo '{\n\"x\": 1}')", output: [] },
        { line: 8, command: 'echo "$A" | jq -c .', output: ['{"x":1}'] },
      ],
    },
  ]);
  // The one-line examples do not see inside a session block.
  expect(readmeExamples(md).map((e) => e.command)).toEqual(['curl not-a-session']);
});

test('the example matcher: `...` is any lines, `…` any text, anything else exact', () => {
  expect(outputMatches(['a', '...', 'z'], 'a\nb\nc\nz\n')).toBe(true);
  expect(outputMatches(['a', 'z'], 'a\nb\nz\n')).toBe(false);
  expect(outputMatches(['read time  … ms'], 'read time  12.5 ms\n')).toBe(true);
  expect(outputMatches(['objects 402'], 'objects 403\n')).toBe(false);
  expect(outputMatches(['a', '...'], 'a\nb\n')).toBe(true);
  expect(outputMatches(['a'], 'a\nb\n')).toBe(false);
  expect(readmeExamples('```\n$ ltds x \\\n    --y\nout\n$ curl u\n```\n$ ltds not-in-a-block\n')).toEqual([
    { line: 2, command: 'ltds x  --y', output: ['out'] },
    { line: 5, command: 'curl u', output: [] },
  ]);
});
