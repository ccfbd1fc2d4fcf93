// Checks a tariff beyond its shape: within a rate period the bands must not overlap and must cover
// the day (except hours listed in `uncovered_hours`); the rate periods' months × days of the week must
// cover the year exactly once; block bounds rise and end open; regions fit the fuel; dates are in
// order; a dynamic tariff has a price series on the half hour. Problems are collected, each naming
// the field (a path such as `rates[0].bands[1]`) and, for bands, the band by name.

import type { z } from 'zod';
import { Money } from './money.js';
import { DAYS_OF_WEEK, GSP_GROUPS, LDZS, TariffBundleSchema, TariffSchema, type Band, type RatePeriod, type Tariff, type TariffBundle, type TimeRange } from './wire.js';

/** One problem with a tariff: the field's path and a sentence saying what is wrong. */
export interface TariffIssue {
  field: string;
  message: string;
}

/** Half-hour slots in a day. */
export const SLOTS = 48;

/** `rates[0].bands[1].end` from zod's path array. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out === '' ? '(root)' : out;
}

/** zod's issues as tariff issues (one per failing field). */
export function zodIssues(error: z.ZodError, prefix = ''): TariffIssue[] {
  return error.issues.map((i) => {
    const path = fieldPath(i.path);
    const field = prefix === '' ? path : path === '(root)' ? prefix : `${prefix}${path.startsWith('[') ? '' : '.'}${path}`;
    return { field, message: i.message };
  });
}

/** Half-hour slot index of a wall-clock time ("24:00" → 48). */
export function slotOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 2 + (hhmm.slice(3) === '30' ? 1 : 0);
}

function slotTime(slot: number): string {
  return `${String(Math.floor(slot / 2)).padStart(2, '0')}:${slot % 2 === 1 ? '30' : '00'}`;
}

/** The slots a range covers; end ≤ start wraps past midnight (so "00:00"–"00:00" is the whole day). */
export function slotsOf(range: { start: string; end: string }): number[] {
  const s = slotOf(range.start) % SLOTS;
  let e = slotOf(range.end);
  if (e <= s) e += SLOTS;
  const out: number[] = [];
  for (let i = s; i < e; i++) out.push(i % SLOTS);
  return out;
}

/** Consecutive slots as "07:00–08:30, 23:00–24:00". */
function describeSlots(slots: number[]): string {
  const sorted = [...slots].sort((a, b) => a - b);
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(`${slotTime(sorted[i]!)}–${slotTime(sorted[j]! + 1)}`);
    i = j + 1;
  }
  return parts.join(', ');
}

function bandName(b: Band): string {
  return `'${b.band}' (${b.start}–${b.end})`;
}

function checkBands(period: RatePeriod, at: string, issues: TariffIssue[]): void {
  const owner: (number | undefined)[] = new Array(SLOTS).fill(undefined);
  period.bands.forEach((band, bi) => {
    if (band.start === band.end && !(band.start === '00:00' || band.start === '24:00')) {
      issues.push({ field: `${at}.bands[${bi}]`, message: `band ${bandName(band)} is empty: start and end are the same time (use "00:00"–"24:00" for the whole day)` });
      return;
    }
    const clash = new Map<number, number[]>();
    for (const s of slotsOf(band)) {
      const o = owner[s];
      if (o === undefined) owner[s] = bi;
      else clash.set(o, [...(clash.get(o) ?? []), s]);
    }
    for (const [o, slots] of clash) {
      issues.push({ field: `${at}.bands[${bi}]`, message: `band ${bandName(band)} overlaps band ${bandName(period.bands[o]!)} at ${describeSlots(slots)}` });
    }
    checkPrices(band, `${at}.bands[${bi}]`, issues);
  });
  const uncovered: (TimeRange & { index: number })[] = (period.uncovered_hours ?? []).map((r, index) => ({ ...r, index }));
  for (const r of uncovered) {
    const clash = slotsOf(r).filter((s) => owner[s] !== undefined);
    if (clash.length > 0) {
      issues.push({ field: `${at}.uncovered_hours[${r.index}]`, message: `uncovered hours ${r.start}–${r.end} overlap band ${bandName(period.bands[owner[clash[0]!]!]!)} at ${describeSlots(clash)}` });
    }
    for (const s of slotsOf(r)) owner[s] ??= -1;
  }
  const gaps = owner.flatMap((o, s) => (o === undefined ? [s] : []));
  if (gaps.length > 0) {
    issues.push({ field: `${at}.bands`, message: `the bands do not cover ${describeSlots(gaps)} of the day; add a band or list those hours in uncovered_hours` });
  }
}

function checkPrices(band: Band, at: string, issues: TariffIssue[]): void {
  let previous: InstanceType<typeof Money> | undefined;
  band.prices.forEach((p, pi) => {
    const last = pi === band.prices.length - 1;
    if (last && p.to_kwh !== null) {
      issues.push({ field: `${at}.prices[${pi}].to_kwh`, message: `the last price of band '${band.band}' must have to_kwh null (the open-ended block), got "${p.to_kwh}"` });
    } else if (!last && p.to_kwh === null) {
      issues.push({ field: `${at}.prices[${pi}].to_kwh`, message: `only the last price of band '${band.band}' may have to_kwh null; block ${pi + 1} of ${band.prices.length} needs an upper bound` });
    } else if (p.to_kwh !== null) {
      const bound = new Money(p.to_kwh);
      if (bound.lte(previous ?? 0)) {
        issues.push({ field: `${at}.prices[${pi}].to_kwh`, message: `block bounds of band '${band.band}' must rise above ${previous === undefined ? '0' : previous.toFixed()} kWh, got "${p.to_kwh}"` });
      }
      previous = bound;
    }
  });
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function checkYear(rates: RatePeriod[], issues: TariffIssue[]): void {
  const owner = new Map<string, number>();
  rates.forEach((period, pi) => {
    const twice: string[] = [];
    for (const m of new Set(period.months)) {
      for (const d of new Set(period.days_of_week)) {
        const key = `${MONTH_NAMES[m - 1]} ${d}`;
        const o = owner.get(key);
        if (o === undefined) owner.set(key, pi);
        else twice.push(`${key} (already in rates[${o}])`);
      }
    }
    if (twice.length > 0) issues.push({ field: `rates[${pi}]`, message: `rate periods overlap: ${twice.slice(0, 6).join(', ')}${twice.length > 6 ? ` and ${twice.length - 6} more` : ''}` });
  });
  const missing: string[] = [];
  for (let m = 1; m <= 12; m++) {
    const days = DAYS_OF_WEEK.filter((d) => !owner.has(`${MONTH_NAMES[m - 1]} ${d}`));
    if (days.length > 0) missing.push(`${MONTH_NAMES[m - 1]} ${days.length === 7 ? 'every day' : days.join('/')}`);
  }
  if (missing.length > 0) issues.push({ field: 'rates', message: `the rate periods' months and days of the week do not cover the year: nothing prices ${missing.join(', ')}` });
}

function checkSeries(tariff: Tariff, issues: TariffIssue[]): void {
  const series = tariff.price_series ?? [];
  let previous = -Infinity;
  series.forEach((p, i) => {
    const t = Date.parse(p.start);
    if (t % 1_800_000 !== 0) issues.push({ field: `price_series[${i}].start`, message: `a price series starts on the half hour (UTC), got ${p.start}` });
    else if (t <= previous) issues.push({ field: `price_series[${i}].start`, message: `price series starts must rise strictly, ${p.start} follows ${new Date(previous).toISOString()}` });
    previous = Math.max(previous, t);
  });
}

/** Every structural problem of a shape-valid tariff (empty when it is sound). */
export function tariffIssues(tariff: Tariff): TariffIssue[] {
  const issues: TariffIssue[] = [];
  if (tariff.tariff_type === 'static') {
    if (tariff.rates.length === 0) issues.push({ field: 'rates', message: 'a static tariff needs at least one rate period' });
    if (tariff.price_series !== undefined) issues.push({ field: 'price_series', message: 'only a dynamic tariff has a price series' });
    tariff.rates.forEach((p, pi) => checkBands(p, `rates[${pi}]`, issues));
    if (tariff.rates.length > 0) checkYear(tariff.rates, issues);
  } else {
    if (tariff.rates.length > 0) issues.push({ field: 'rates', message: 'a dynamic tariff is priced by its price_series; rates must be empty' });
    if (tariff.price_series === undefined || tariff.price_series.length === 0) issues.push({ field: 'price_series', message: 'a dynamic tariff needs a price series of half-hourly prices' });
    else checkSeries(tariff, issues);
  }
  const electricity = (GSP_GROUPS as readonly string[]).includes(tariff.region);
  if (tariff.fuel_type === 'electricity' && !electricity) issues.push({ field: 'region', message: `an electricity tariff's region is a GSP group (${GSP_GROUPS.join(', ')}), got '${tariff.region}'` });
  if (tariff.fuel_type === 'gas' && !(LDZS as readonly string[]).includes(tariff.region)) issues.push({ field: 'region', message: `a gas tariff's region is an LDZ (${LDZS.join(', ')}), got '${tariff.region}'` });
  if (tariff.valid_to !== null && tariff.valid_to < tariff.valid_from) issues.push({ field: 'valid_to', message: `valid_to ${tariff.valid_to} is before valid_from ${tariff.valid_from}` });
  if (tariff.sellable_to !== null && tariff.sellable_to < tariff.sellable_from) issues.push({ field: 'sellable_to', message: `sellable_to ${tariff.sellable_to} is before sellable_from ${tariff.sellable_from}` });
  if (new Money(tariff.vat_rate).gte(1)) issues.push({ field: 'vat_rate', message: `vat_rate is a fraction (0.05 for 5%), got "${tariff.vat_rate}"` });
  return issues;
}

/** A tariff checked in shape and structure: the parsed tariff, or every problem found. */
export function checkTariff(input: unknown, prefix = ''): { tariff: Tariff; issues: [] } | { tariff?: undefined; issues: TariffIssue[] } {
  const parsed = TariffSchema.safeParse(input);
  if (!parsed.success) return { issues: zodIssues(parsed.error, prefix) };
  const issues = tariffIssues(parsed.data);
  if (issues.length > 0) return { issues: prefix === '' ? issues : issues.map((i) => ({ field: `${prefix}.${i.field}`, message: i.message })) };
  return { tariff: parsed.data, issues: [] };
}

/** An import document checked whole: a bundle `{suppliers, tariffs}` or a single tariff object. */
export function checkBundle(input: unknown): { bundle: TariffBundle; issues: TariffIssue[] } {
  const isTariff = typeof input === 'object' && input !== null && !Array.isArray(input) && 'tariff_id' in input;
  const candidate = isTariff ? { tariffs: [input] } : input;
  const parsed = TariffBundleSchema.safeParse(candidate);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    return { bundle: { suppliers: [], tariffs: [], users: [] }, issues: isTariff ? issues.map((i) => ({ ...i, field: i.field.replace(/^tariffs\[0\]\.?/, '') || '(root)' })) : issues };
  }
  const issues: TariffIssue[] = [];
  parsed.data.tariffs.forEach((t, i) => {
    for (const issue of tariffIssues(t)) issues.push({ field: isTariff ? issue.field : `tariffs[${i}].${issue.field}`, message: issue.message });
  });
  return { bundle: parsed.data, issues };
}
