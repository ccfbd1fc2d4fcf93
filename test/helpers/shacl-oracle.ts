// The SHACL oracle lives with the benchmark (which times it); the tests use the same code, run in
// one child process for the whole test file. shacl-engine's validate() is one long synchronous
// computation: inside the test worker it would hold the worker's event loop for as long as it takes
// (over a minute on a busy machine), and vitest's worker would stop hearing its main process
// ("Timeout calling onTaskUpdate", a failed run with every test green). In a child process it costs
// the worker nothing but waiting.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

export { ourKeys } from '../../bench/shacl-oracle.js';

/** The compiled oracle (the e2e project's global setup builds dist/, bench/ included). */
const ORACLE = pathToFileURL(fileURLToPath(new URL('../../dist/bench/shacl-oracle.js', import.meta.url))).href;

/** Reads JSON lines of inputs on stdin, answers each with a JSON line of keys (or of an error). */
const SERVER = `
const { oracleKeys } = await import(${JSON.stringify(ORACLE)});
const { createInterface } = await import('node:readline');
for await (const line of createInterface({ input: process.stdin })) {
  try {
    process.stdout.write(JSON.stringify({ keys: [...(await oracleKeys(JSON.parse(line)))] }) + '\\n');
  } catch (err) {
    process.stdout.write(JSON.stringify({ error: String(err && err.stack || err) }) + '\\n');
  }
}`;

let child: ChildProcessWithoutNullStreams | undefined;
let queue: Promise<unknown> = Promise.resolve();

function oracleProcess(): ChildProcessWithoutNullStreams {
  if (child === undefined) {
    child = spawn(process.execPath, ['--input-type=module', '-e', SERVER]);
    child.stdin.on('error', () => undefined);
    child.unref();
    (child.stdout as unknown as { unref?: () => void }).unref?.();
    (child.stderr as unknown as { unref?: () => void }).unref?.();
  }
  return child;
}

/** The violations shacl-engine finds in `inputs`, as keys comparable with {@link ourKeys}'. */
export function oracleKeys(inputs: string[]): Promise<Set<string>> {
  const ask = async (): Promise<Set<string>> => {
    const c = oracleProcess();
    const answer = new Promise<string>((resolve, reject) => {
      let buf = '';
      let err = '';
      const onData = (d: Buffer): void => {
        buf += d.toString('utf8');
        const nl = buf.indexOf('\n');
        if (nl < 0) return;
        c.stdout.off('data', onData);
        c.stderr.off('data', onErr);
        c.off('exit', onExit);
        resolve(buf.slice(0, nl));
      };
      const onErr = (d: Buffer): void => {
        err += d.toString('utf8');
      };
      const onExit = (code: number | null): void => reject(new Error(`the SHACL oracle process exited ${code}: ${err}`));
      c.stdout.on('data', onData);
      c.stderr.on('data', onErr);
      c.once('exit', onExit);
    });
    c.stdin.write(`${JSON.stringify(inputs)}\n`);
    const reply = JSON.parse(await answer) as { keys?: string[]; error?: string };
    if (reply.error !== undefined) throw new Error(`the SHACL oracle failed: ${reply.error}`);
    return new Set(reply.keys);
  };
  // One question at a time: answers come back in order on one pipe.
  const next = queue.then(ask, ask);
  queue = next.catch(() => undefined);
  return next;
}
