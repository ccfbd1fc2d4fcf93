// Half-hourly meter readings from CSV, the shape the industry exchanges: a header `timestamp,kWh`,
// then one row per half hour — the UTC instant (or local time with its offset) the half hour starts,
// and the energy in kWh as a decimal. A wall-clock time without an offset is refused: on the autumn
// clock change 01:00–02:00 happens twice, so only an offset says which.

import { LtdsError } from '../errors/index.js';
import { UNSIGNED_DECIMAL_PATTERN } from './money.js';

/** Readings as parallel arrays (one entry per half hour), in file order. */
export interface Readings {
  /** Start of each half hour, UTC epoch ms. */
  start: number[];
  /** kWh of each half hour as the decimal text it was given in (exact; scaled to integers when billed). */
  kwh: string[];
  /** 1-based line of each reading in its file (for messages). */
  line: number[];
  /** The file the readings came from, if any. */
  file?: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const HALF_HOUR = 1_800_000;

function fail(reason: string, params: Record<string, unknown>, line: number, file?: string): never {
  throw new LtdsError('TARIFF_READINGS', reason, params, { line, ...(file === undefined ? {} : { file }) });
}

/** Parses readings CSV text; throws TARIFF_READINGS naming the line of the first bad row. */
export function parseReadingsCsv(text: string, file?: string): Readings {
  const out: Readings = { start: [], kwh: [], line: [], ...(file === undefined ? {} : { file }) };
  const lines = text.split(/\r?\n/);
  let header = true;
  const seen = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    const raw = i === 0 ? lines[i]!.replace(/^\uFEFF/, '') : lines[i]!;
    const row = raw.trim();
    if (row === '') continue;
    const comma = row.indexOf(',');
    const a = comma < 0 ? row : row.slice(0, comma).trim();
    const b = comma < 0 ? '' : row.slice(comma + 1).trim();
    if (header) {
      if (a.toLowerCase() !== 'timestamp' || b.toLowerCase() !== 'kwh') {
        fail(`the readings file must start with the header "timestamp,kWh", got "${row.slice(0, 60)}"`, { expected: 'timestamp,kWh', found: row.slice(0, 60) }, i + 1, file);
      }
      header = false;
      continue;
    }
    if (comma < 0 || b.includes(',')) fail(`a reading is two fields "timestamp,kWh", got "${row.slice(0, 60)}"`, { found: row.slice(0, 60) }, i + 1, file);
    if (!TIMESTAMP.test(a)) {
      const naive = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$/.test(a);
      fail(
        naive
          ? `timestamp "${a}" has no offset: give it in UTC ("Z") or with its offset ("+01:00"), because a wall-clock time is ambiguous on the autumn clock change`
          : `timestamp "${a}" is not an ISO-8601 date-time with "Z" or an offset`,
        { field: 'timestamp', found: a },
        i + 1,
        file,
      );
    }
    const t = Date.parse(a);
    if (Number.isNaN(t)) fail(`timestamp "${a}" is not a real date-time`, { field: 'timestamp', found: a }, i + 1, file);
    if (t % HALF_HOUR !== 0) fail(`timestamp "${a}" is not the start of a half hour`, { field: 'timestamp', found: a }, i + 1, file);
    if (!UNSIGNED_DECIMAL_PATTERN.test(b)) fail(`kWh "${b}" is not a non-negative decimal number`, { field: 'kWh', found: b }, i + 1, file);
    if (seen.has(t)) {
      const first = out.line[out.start.indexOf(t)];
      fail(`the half hour starting ${new Date(t).toISOString()} is read twice (lines ${first} and ${i + 1})`, { field: 'timestamp', found: a, firstLine: first }, i + 1, file);
    }
    seen.add(t);
    out.start.push(t);
    out.kwh.push(b);
    out.line.push(i + 1);
  }
  if (header) fail('the readings file is empty: expected the header "timestamp,kWh" and at least one row', { expected: 'timestamp,kWh' }, 1, file);
  if (out.start.length === 0) fail('the readings file has a header but no readings', {}, 1, file);
  return out;
}

/** Readings built in code (tests, benches): `[isoOrEpochMs, kWh]` pairs. */
export function readingsOf(rows: readonly (readonly [string | number, string])[]): Readings {
  return {
    start: rows.map(([t]) => (typeof t === 'number' ? t : Date.parse(t))),
    kwh: rows.map(([, k]) => k),
    line: rows.map((_, i) => i + 2),
  };
}
