// Runs the real `bin/ltds` in a child process and captures what a user would see.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What a CLI run printed and how it ended. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Path of the `ltds` launcher. */
export const LTDS = fileURLToPath(new URL('../../bin/ltds', import.meta.url));

/** Runs `ltds args...` (optionally preloading a module with --import). */
export function runLtds(args: string[], options: { cwd?: string; preload?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  const nodeArgs = options.preload ? ['--import', options.preload, LTDS, ...args] : [LTDS, ...args];
  return runNode(nodeArgs, options);
}

/** Runs `node args...` in a child process without blocking the caller's event loop. */
export function runNode(nodeArgs: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs, { cwd: options.cwd, env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
