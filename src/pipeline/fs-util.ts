// File-system helpers of the pipeline: atomic small files, file hashes, the out/ lock.

import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LtdsError } from '../errors/index.js';
export { writeFileAtomic } from '../io/atomic-file.js';

/** SHA-256 and size of a file, streamed. */
export async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    h.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), size };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes `out/.lock` (taking over a lock whose process is gone); returns its release. */
export function lockOut(out: string): () => void {
  mkdirSync(out, { recursive: true });
  const path = join(out, '.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new LtdsError('OUTPUT_WRITE', `cannot lock ${out}: ${(err as Error).message}`, { path }, {}, err);
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new LtdsError('PIPELINE_LOCKED', `another pipeline run (process ${pid}) is publishing into ${out}; wait for it, or remove ${path} if that process is not a pipeline run`, { pid, path });
      }
      rmSync(path, { force: true });
    }
  }
  throw new LtdsError('PIPELINE_LOCKED', `could not take the lock ${path}`, { path });
}

/** Removes what a killed run may have left: staging folders and temporary files of atomic writes. */
export function cleanLeftovers(out: string): void {
  rmSync(join(out, '.staging'), { recursive: true, force: true });
  if (!existsSync(out)) return;
  for (const name of readdirSync(out)) if (/^\.index\.(json|html)\..*\.tmp$/.test(name)) rmSync(join(out, name), { force: true });
}
