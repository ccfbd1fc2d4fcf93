// File-system helpers of the pipeline: atomic small files, file hashes, the out/ lock.

import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, linkSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LtdsError } from '../errors/index.js';
export { writeFileAtomic } from '../io/atomic-file.js';
export { hashFile } from '../io/hash-file.js';


function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}

/** What a lock file says (the holder's pid, then a token unique to the run) and its inode; undefined when there is none. */
function readLock(path: string): { pid: number; text: string; ino: number } | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if (errno(err) === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const buf = Buffer.alloc(64);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const text = buf.toString('utf8', 0, n);
    return { pid: Number(text.split('\n')[0]), text, ino: fstatSync(fd).ino };
  } finally {
    closeSync(fd);
  }
}

/** Attempts to take `out/.lock` before giving up on a lock that keeps changing hands. */
const LOCK_ATTEMPTS = 20;

/**
 * Takes `out/.lock`, exclusively across processes; returns its release.
 *
 * The lock file appears with its content in one step: the holder's pid is written to a temporary
 * file that is then hard-linked to `.lock` (link() fails if `.lock` exists), so no competitor ever
 * reads an empty lock. A lock whose process is gone is taken over by an atomic rename() of a new
 * lock over it — after claiming that particular stale file (by its inode) with another link(), so
 * of several processes finding the same stale lock only one replaces it. The release removes the
 * lock only if it is still this run's.
 */
export function lockOut(out: string): () => void {
  const path = join(out, '.lock');
  const token = randomBytes(8).toString('hex');
  const mine = join(out, `.lock.${process.pid}.${token}.tmp`);
  const content = `${process.pid}\n${token}\n`;
  try {
    mkdirSync(out, { recursive: true });
    writeFileSync(mine, content, { flag: 'wx' });
  } catch (err) {
    throw new LtdsError('OUTPUT_WRITE', `cannot lock ${out}: ${(err as Error).message}`, { path }, {}, err);
  }
  const release = (): void => {
    // Only this run's lock is removed (whether a failed release matters is the caller's decision).
    if (readLock(path)?.text === content) unlinkSync(path);
  };
  try {
    for (let attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
      try {
        linkSync(mine, path);
        return release;
      } catch (err) {
        if (errno(err) !== 'EEXIST') throw err;
      }
      const held = readLock(path);
      if (held === undefined) continue; // released meanwhile: try again
      if (Number.isInteger(held.pid) && held.pid > 0 && alive(held.pid)) {
        throw new LtdsError('PIPELINE_LOCKED', `another pipeline run (process ${held.pid}) is publishing into ${out}; wait for it, or remove ${path} if that process is not a pipeline run`, { pid: held.pid, path });
      }
      // Stale: claim this very file (by inode); only the claimant replaces it.
      const claim = `${path}.claim.${held.ino}`;
      try {
        linkSync(mine, claim);
      } catch (err) {
        if (errno(err) !== 'EEXIST') throw err;
        const claimant = readLock(claim);
        // A claimant that died mid-takeover leaves its claim: remove it when its process is gone.
        if (claimant !== undefined && !(claimant.pid > 0 && alive(claimant.pid))) rmSync(claim, { force: true });
        continue;
      }
      try {
        // Still the same stale file (only a claimant can replace it, and the claim is ours)?
        const now = readLock(path);
        if (now !== undefined && now.ino === held.ino && now.text === held.text && !(now.pid > 0 && alive(now.pid))) {
          renameSync(claim, path);
          return release;
        }
      } finally {
        rmSync(claim, { force: true });
      }
    }
  } catch (err) {
    if (err instanceof LtdsError) throw err;
    throw new LtdsError('OUTPUT_WRITE', `cannot lock ${out}: ${(err as Error).message}`, { path }, {}, err);
  } finally {
    rmSync(mine, { force: true });
  }
  throw new LtdsError('PIPELINE_LOCKED', `could not take the lock ${path}: it kept changing hands`, { path });
}

/** Removes what a killed run may have left: staging folders, temporary files of atomic writes, of locks whose process is gone. */
export function cleanLeftovers(out: string): void {
  rmSync(join(out, '.staging'), { recursive: true, force: true });
  if (!existsSync(out)) return;
  for (const name of readdirSync(out)) {
    if (/^\.index\.(json|html)\..*\.tmp$/.test(name)) rmSync(join(out, name), { force: true });
    const lockTemp = /^\.lock\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name);
    if (lockTemp && !alive(Number(lockTemp[1]))) rmSync(join(out, name), { force: true });
  }
}
