// The SHA-256 and size of a file, streamed 1 MiB at a time (memory stays flat for any size).

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** SHA-256 (lowercase hex) and size of a file, streamed. */
export async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    h.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), size };
}
