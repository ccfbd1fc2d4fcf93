// A server process for the HTTP benchmarks: `ltds serve --json` or a bare peer that prints the same
// `{"event":"listening","url":…}` line, pinned to core 0 when taskset is there (so the load
// generator gets the other core).

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

/** Whether `taskset` can pin a process to core 0 here. */
export const pinned = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/** A started server: its process and base URL. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
}

/** Starts `node <args>` and resolves with its URL once it prints its listening line. */
export function startServerProcess(args: string[]): Promise<ServerProcess> {
  const child = pinned ? spawn('taskset', ['-c', '0', process.execPath, ...args]) : spawn(process.execPath, args);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const line = out.split('\n').find((l) => l.includes('"event":"listening"'));
      if (line) resolve({ child, url: (JSON.parse(line) as { url: string }).url });
    });
    child.on('exit', (code) => reject(new Error(`server process exited with ${code}: ${stderr}`)));
  });
}

/** Stops a server process and waits for it to exit. */
export async function stopServerProcess(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
