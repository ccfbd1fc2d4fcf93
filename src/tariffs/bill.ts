// The exact bill of a tariff over half-hourly readings. Rounding rules (README "Tariffs: rounding"):
//  1. Every product is exact (decimal.js, 40 significant digits; no binary float anywhere).
//  2. The energy of each breakdown line (one per band and price block; one for a dynamic tariff's
//     series) is the exact sum of kWh × £/kWh of its half hours, then rounded once to whole pence,
//     ties away from zero ("half-up").
//  3. The standing charge line is days × £/day, exact, then rounded to pence the same way.
//  4. VAT is charged on the total of the rounded lines, rounded to pence the same way. When the
//     tariff's prices include VAT, no VAT is added; the VAT they contain is shown for information.
//  5. The total is the sum of the rounded lines plus VAT: exactly the sum of the breakdown.
// Days are Europe/London calendar days (the 23- and 25-hour days count as one day each); a reading
// belongs to the band of the wall-clock half hour it starts in. Block bounds (`to_kwh`) count the kWh
// of that band on that local day.

import { LtdsError } from '../errors/index.js';
import { dateOfDay, dayOfDate, londonOffsetMinutes } from './london-time.js';
import { Money, UNSIGNED_DECIMAL_PATTERN, ZERO, formatExact, formatPounds, toPence } from './money.js';
import type { Readings } from './readings.js';
import { SLOTS, slotsOf } from './validate-tariff.js';
import { DAYS_OF_WEEK, type Tariff } from './wire.js';

/** One line of a bill's breakdown. */
export interface BillLine {
  kind: 'standing_charge' | 'energy';
  /** Band name (`standing charge`, `dynamic` for a price series). */
  band: string;
  /** 1-based price block within the band (1 when the band has one price). */
  block: number;
  /** The block's upper bound in kWh per local day, or null. */
  to_kwh: string | null;
  /** Days (standing charge) or kWh (energy), exact. */
  quantity: string;
  unit: 'day' | 'kWh';
  /** £ per unit, or null when it varies (a dynamic tariff's series). */
  unit_price: string | null;
  /** quantity × unit price (Σ over half hours for a series), exact, £. */
  exact: string;
  /** `exact` rounded to pence, £. */
  amount: string;
}

/** A bill: the breakdown, VAT and total as decimal strings in pounds. */
export interface Bill {
  tariff_id: string;
  tariff_name: string;
  supplier_mpid: string;
  /** `charge` for import tariffs; `credit` (paid to the customer) for export tariffs. */
  direction: 'charge' | 'credit';
  currency: 'GBP';
  period: { from: string; to: string; days: number };
  readings: number;
  kwh: string;
  lines: BillLine[];
  /** Half hours that fall in a rate period's `uncovered_hours` (not priced). */
  uncovered: { readings: number; kwh: string };
  /** Σ energy exact, before any rounding. */
  energy_exact: string;
  /** Σ of the rounded energy lines. */
  energy: string;
  /** The rounded standing charge line. */
  standing_charge: string;
  /** Σ of all rounded lines. */
  net: string;
  vat_rate: string;
  vat_included: boolean;
  /** VAT added on top of `net` (0.00 when prices include VAT). */
  vat: string;
  /** VAT contained in VAT-inclusive prices, for information (null when VAT is added). */
  vat_in_prices: string | null;
  /** net + vat. */
  total: string;
  warnings: string[];
}

/** Billing options: the local dates the bill covers (default: the first and last reading's dates). */
export interface BillOptions {
  from?: string;
  to?: string;
}

const DAY = 86_400_000;

interface Block {
  line: number;
  /** The block's upper bound in kWh as decimal text, or null for the open block. */
  bound: string | null;
}

interface Compiled {
  /** Per (month, weekday, slot): index into `bands`, or -1 for uncovered hours. */
  table: Int16Array;
  bands: Block[][];
  lines: { band: string; block: number; toKwh: string | null; unitPrice: string | null }[];
  /** Most fraction digits of any block bound. */
  boundDigits: number;
  /** A dynamic tariff's prices by half-hour start, scaled by 10^seriesDigits. */
  series?: Map<number, bigint>;
  seriesDigits: number;
}

const compiledCache = new WeakMap<Tariff, Compiled>();

/** Fraction digits of a decimal string. */
function fractionDigits(s: string): number {
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** A decimal string × 10^digits as an exact integer (digits ≥ its own fraction digits). */
function scaled(s: string, digits: number): bigint {
  const dot = s.indexOf('.');
  if (dot < 0) return BigInt(s + '0'.repeat(digits));
  const frac = s.slice(dot + 1);
  return BigInt(s.slice(0, dot) + frac + '0'.repeat(digits - frac.length));
}

/** An integer count of 10^-digits units as an exact decimal. */
function unscaled(n: bigint, digits: number): Money {
  return new Money(n.toString()).dividedBy(new Money(10).pow(digits));
}

/** The tariff's lookup tables: built once per tariff object. */
function compile(tariff: Tariff): Compiled {
  const hit = compiledCache.get(tariff);
  if (hit !== undefined) return hit;
  const lines: Compiled['lines'] = [];
  const lineOf = new Map<string, number>();
  const bands: Block[][] = [];
  const table = new Int16Array(12 * 7 * SLOTS).fill(-1);
  let boundDigits = 0;
  let series: Map<number, bigint> | undefined;
  let seriesDigits = 0;
  if (tariff.tariff_type === 'dynamic') {
    lines.push({ band: 'dynamic', block: 1, toKwh: null, unitPrice: null });
    const prices = tariff.price_series ?? [];
    for (const p of prices) seriesDigits = Math.max(seriesDigits, fractionDigits(p.unit_price));
    series = new Map(prices.map((p) => [Date.parse(p.start), scaled(p.unit_price, seriesDigits)]));
  }
  for (const period of tariff.rates) {
    for (const band of period.bands) {
      const blocks = band.prices.map((p, i) => {
        // Lines merge bands that share a name and a price, so a summer and a winter "day" at the
        // same price are one line and at different prices two.
        const key = `${band.band}\u0000${i}\u0000${p.unit_price}\u0000${p.to_kwh ?? ''}`;
        let line = lineOf.get(key);
        if (line === undefined) {
          line = lines.length;
          lineOf.set(key, line);
          lines.push({ band: band.band, block: i + 1, toKwh: p.to_kwh, unitPrice: p.unit_price });
        }
        if (p.to_kwh !== null) boundDigits = Math.max(boundDigits, fractionDigits(p.to_kwh));
        return { line, bound: p.to_kwh };
      });
      const index = bands.length;
      bands.push(blocks);
      for (const m of period.months) {
        for (const d of period.days_of_week) {
          const base = ((m - 1) * 7 + DAYS_OF_WEEK.indexOf(d)) * SLOTS;
          for (const s of slotsOf(band)) table[base + s] = index;
        }
      }
    }
  }
  const compiled: Compiled = { table, bands, lines, boundDigits, seriesDigits, ...(series === undefined ? {} : { series }) };
  compiledCache.set(tariff, compiled);
  return compiled;
}

function readingError(readings: Readings, i: number, reason: string, params: Record<string, unknown>): LtdsError {
  return new LtdsError('TARIFF_READINGS', reason, params, { line: readings.line[i], ...(readings.file === undefined ? {} : { file: readings.file }) });
}

/** The exact bill of `tariff` over `readings` (see the rounding rules at the top of this file). */
export function billTariff(tariff: Tariff, readings: Readings, options: BillOptions = {}): Bill {
  const n = readings.start.length;
  if (n === 0) throw new LtdsError('TARIFF_READINGS', 'there are no readings to bill', {});
  const c = compile(tariff);
  // kWh are summed as exact integers: every reading and block bound scaled by 10^digits (the most
  // fraction digits any of them has); prices multiply the sums once per line, in decimal.
  let digits = c.boundDigits;
  for (let i = 0; i < n; i++) {
    const k = readings.kwh[i]!;
    if (!UNSIGNED_DECIMAL_PATTERN.test(k)) throw readingError(readings, i, `kWh "${k}" is not a non-negative decimal number`, { field: 'kWh', found: k });
    const f = fractionDigits(k);
    if (f > digits) digits = f;
  }
  const lineQ: bigint[] = c.lines.map(() => 0n);
  let seriesQ = 0n; // Σ kWh × price of a dynamic tariff, scaled by 10^(digits + seriesDigits)
  const bandBounds = c.bands.map((blocks) => blocks.map((b) => (b.bound === null ? null : scaled(b.bound, digits))));
  const blockUse = new Map<number, bigint>(); // (day × bands + band) → kWh so far that day
  let uncoveredQ = 0n;
  let uncoveredCount = 0;
  let totalQ = 0n;
  let firstDay = Infinity;
  let lastDay = -Infinity;
  // Month and weekday change only at local midnight: remember them for the current day.
  let cachedDay = NaN;
  let dayBase = 0;
  const warnings: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = readings.start[i]!;
    const q = scaled(readings.kwh[i]!, digits);
    const local = t + londonOffsetMinutes(t) * 60_000;
    const day = Math.floor(local / DAY);
    if (day !== cachedDay) {
      const d = new Date(day * DAY);
      dayBase = (d.getUTCMonth() * 7 + ((d.getUTCDay() + 6) % 7)) * SLOTS;
      cachedDay = day;
    }
    if (day < firstDay) firstDay = day;
    if (day > lastDay) lastDay = day;
    totalQ += q;
    if (c.series !== undefined) {
      const price = c.series.get(t);
      if (price === undefined) {
        throw readingError(readings, i, `the dynamic tariff ${tariff.tariff_id} has no price for the half hour starting ${new Date(t).toISOString()}`, { tariff_id: tariff.tariff_id, start: new Date(t).toISOString() });
      }
      lineQ[0]! += q;
      seriesQ += q * price;
      continue;
    }
    const slot = Math.floor((local - day * DAY) / 1_800_000);
    const bandIndex = c.table[dayBase + slot]!;
    if (bandIndex < 0) {
      uncoveredQ += q;
      uncoveredCount++;
      continue;
    }
    const blocks = c.bands[bandIndex]!;
    if (blocks.length === 1) {
      lineQ[blocks[0]!.line]! += q;
      continue;
    }
    // Block rates: split this half hour's kWh across the blocks by what the band used earlier that day.
    const key = day * c.bands.length + bandIndex;
    const before = blockUse.get(key) ?? 0n;
    const after = before + q;
    blockUse.set(key, after);
    const bounds = bandBounds[bandIndex]!;
    let lower = 0n;
    for (let b = 0; b < blocks.length; b++) {
      const upper = bounds[b]!;
      const from = before > lower ? before : lower;
      const to = upper === null || after < upper ? after : upper;
      if (to > from) lineQ[blocks[b]!.line]! += to - from;
      if (upper === null) break;
      lower = upper;
    }
  }
  const lineKwh = lineQ.map((x) => unscaled(x, digits));
  const lineExact: Money[] =
    c.series !== undefined ? [unscaled(seriesQ, digits + c.seriesDigits)] : c.lines.map((l, i) => lineKwh[i]!.times(l.unitPrice as string));
  const totalKwh = unscaled(totalQ, digits);
  const uncoveredKwh = unscaled(uncoveredQ, digits);

  const from = options.from ?? dateOfDay(firstDay);
  const to = options.to ?? dateOfDay(lastDay);
  const fromDay = dayOfDate(from);
  const toDay = dayOfDate(to);
  if (Number.isNaN(fromDay) || Number.isNaN(toDay) || toDay < fromDay) {
    throw new LtdsError('USAGE', `the billing period must be two dates YYYY-MM-DD, from ≤ to, got ${from} to ${to}`, { from, to });
  }
  if (firstDay < fromDay || lastDay > toDay) {
    const i = readings.start.findIndex((t) => {
      const d = Math.floor((t + londonOffsetMinutes(t) * 60_000) / DAY);
      return d < fromDay || d > toDay;
    });
    throw readingError(readings, i, `the reading at ${new Date(readings.start[i]!).toISOString()} is outside the billing period ${from} to ${to}`, { from, to });
  }
  if (from < tariff.valid_from || (tariff.valid_to !== null && to > tariff.valid_to)) {
    warnings.push(`the billing period ${from} to ${to} is not within the tariff's validity ${tariff.valid_from} to ${tariff.valid_to ?? 'open'}`);
  }
  if (uncoveredCount > 0) warnings.push(`${uncoveredCount} half hours (${formatExact(uncoveredKwh)} kWh) fall in hours the tariff does not cover and are not priced`);

  const days = toDay - fromDay + 1;
  const standingExact = new Money(tariff.standing_charge).times(days);
  const standing = toPence(standingExact);
  const lines: BillLine[] = [
    { kind: 'standing_charge', band: 'standing charge', block: 1, to_kwh: null, quantity: String(days), unit: 'day', unit_price: tariff.standing_charge, exact: formatExact(standingExact), amount: formatPounds(standing) },
  ];
  let energyExact = ZERO;
  let energy = ZERO;
  c.lines.forEach((l, i) => {
    if (lineKwh[i]!.isZero() && c.series === undefined) return;
    const amount = toPence(lineExact[i]!);
    energyExact = energyExact.plus(lineExact[i]!);
    energy = energy.plus(amount);
    lines.push({ kind: 'energy', band: l.band, block: l.block, to_kwh: l.toKwh, quantity: formatExact(lineKwh[i]!), unit: 'kWh', unit_price: l.unitPrice, exact: formatExact(lineExact[i]!), amount: formatPounds(amount) });
  });
  const net = standing.plus(energy);
  const rate = new Money(tariff.vat_rate);
  const vat = tariff.vat_included ? ZERO : toPence(net.times(rate));
  const vatInPrices = tariff.vat_included ? toPence(net.minus(net.dividedBy(rate.plus(1)))) : null;
  return {
    tariff_id: tariff.tariff_id,
    tariff_name: tariff.name,
    supplier_mpid: tariff.supplier_mpid,
    direction: tariff.energy_flow === 'export' ? 'credit' : 'charge',
    currency: 'GBP',
    period: { from, to, days },
    readings: n,
    kwh: formatExact(totalKwh),
    lines,
    uncovered: { readings: uncoveredCount, kwh: formatExact(uncoveredKwh) },
    energy_exact: formatExact(energyExact),
    energy: formatPounds(energy),
    standing_charge: formatPounds(standing),
    net: formatPounds(net),
    vat_rate: tariff.vat_rate,
    vat_included: tariff.vat_included,
    vat: formatPounds(vat),
    vat_in_prices: vatInPrices === null ? null : formatPounds(vatInPrices),
    total: formatPounds(net.plus(vat)),
    warnings,
  };
}

/** The bill as the text `ltds tariffs cost` prints. */
export function formatBill(bill: Bill): string {
  const rows: string[][] = [['line', 'quantity', 'unit price', 'amount']];
  for (const l of bill.lines) {
    const name = l.kind === 'standing_charge' ? 'standing charge' : l.to_kwh !== null || l.block > 1 ? `${l.band} block ${l.block}${l.to_kwh === null ? '' : ` (to ${l.to_kwh} kWh/day)`}` : l.band;
    rows.push([name, `${l.quantity} ${l.unit}${l.unit === 'day' && l.quantity !== '1' ? 's' : ''}`, l.unit_price === null ? 'half-hourly' : `£${l.unit_price}/${l.unit}`, `£${l.amount}`]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [
    `${bill.tariff_name} (${bill.tariff_id}, supplier ${bill.supplier_mpid})`,
    `${bill.period.from} to ${bill.period.to}: ${bill.period.days} days, ${bill.readings} half hours, ${bill.kwh} kWh${bill.direction === 'credit' ? ' exported (amounts are paid to the customer)' : ''}`,
    '',
    ...rows.map(fmt),
    '',
    `net                £${bill.net}`,
    bill.vat_included ? `VAT                included in prices (£${bill.vat_in_prices ?? '0.00'} at ${bill.vat_rate})` : `VAT at ${bill.vat_rate}`.padEnd(19) + `£${bill.vat}`,
    `total              £${bill.total}`,
  ];
  for (const w of bill.warnings) out.push(`warning: ${w}`);
  return out.join('\n') + '\n';
}
