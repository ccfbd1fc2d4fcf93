// Progress display for long-running commands: a redrawn line on a TTY, nothing otherwise
// (machine readers get the final --json result instead).

/** A progress line for one task with a known total. */
export interface Progress {
  update(done: number): void;
  done(): void;
}

/** Creates a progress line on stderr when it is a TTY and the task is big enough to need one. */
export function createProgress(label: string, total: number, unit: 'bytes' | 'items' = 'bytes'): Progress {
  const tty = process.stderr.isTTY === true && process.env.CI === undefined;
  if (!tty || (unit === 'bytes' && total < 8 * 1024 * 1024)) return { update: () => undefined, done: () => undefined };
  const start = performance.now();
  let last = 0;
  let shown = false;
  return {
    update(done) {
      const now = performance.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      const pct = total > 0 ? Math.min(100, (100 * done) / total) : 0;
      const width = 24;
      const filled = Math.round((pct / 100) * width);
      const rate = unit === 'bytes' ? `${(done / 1e6 / ((now - start) / 1000)).toFixed(0)} MB/s` : `${done}/${total}`;
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct.toFixed(0).padStart(3)}% ${rate}   `);
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}
