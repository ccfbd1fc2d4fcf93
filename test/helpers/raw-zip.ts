// Writes zip archives byte by byte, so tests can build what no well-behaved archiver writes:
// names with '..', absolute paths or backslashes, symbolic-link entries, duplicate names, sizes
// that lie, data that does not inflate.

import { writeFileSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';

/** One entry of a hand-built zip. */
export interface RawEntry {
  name: string;
  data: Buffer | string;
  /** Deflate the data (default: stored). */
  deflate?: boolean;
  /** Unix mode in the external attributes (e.g. 0o120777 for a symbolic link). */
  mode?: number;
  /** The uncompressed size the headers claim (default: the true size), for archives that lie. */
  declaredSize?: number;
  /** Bytes written as the entry's compressed data instead of the real ones (e.g. broken deflate data). */
  body?: Buffer;
  /** The CRC-32 the headers record (default: the data's true CRC), for archives that were tampered with. */
  crc?: number;
  /** Mark the entry encrypted (general-purpose flag bit 0). */
  encrypted?: boolean;
}

/** Writes the entries as a zip file at `path` and returns its bytes. */
export function writeRawZip(path: string, entries: readonly RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, 'utf8');
    const body = e.body ?? (e.deflate ? deflateRawSync(data, { level: 9 }) : data);
    const size = e.declaredSize ?? data.length;
    const name = Buffer.from(e.name, 'utf8');
    const crc = e.crc ?? crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    const flags = 0x0800 | (e.encrypted ? 1 : 0);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(e.deflate ? 8 : 0, 8);
    local.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(e.deflate ? 8 : 0, 10);
    central.writeUInt32LE(0x00210000, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((e.mode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  const bytes = Buffer.concat([...locals, cd, end]);
  writeFileSync(path, bytes);
  return bytes;
}

/**
 * Writes a zip whose central directory lists `names.length` entries that all point at one local
 * header and one data block (an overlapping-entry bomb: each entry is small, together they are not).
 */
export function writeOverlappingZip(path: string, data: Buffer, names: readonly string[]): Buffer {
  const body = deflateRawSync(data, { level: 9 });
  const crc = crc32(data);
  const first = Buffer.from(names[0]!, 'utf8');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(0x0800, 6);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(0x00210000, 10);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(first.length, 26);
  const centrals: Buffer[] = [];
  for (const n of names) {
    const name = Buffer.from(n, 'utf8');
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0x00210000, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(0, 42);
    centrals.push(central, name);
  }
  const localLength = local.length + first.length + body.length;
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(localLength, 16);
  const bytes = Buffer.concat([local, first, body, cd, end]);
  writeFileSync(path, bytes);
  return bytes;
}
