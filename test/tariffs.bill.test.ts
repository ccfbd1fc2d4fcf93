// Bills worked by hand for every sample tariff (each line's arithmetic written out), the clock-change
// days, and the laws of the bill as property tests.

import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Money, billTariff, londonMidnight, readTariffFile, readTariffInputs, readingsOf, type Bill, type Tariff } from '../src/tariffs/index.js';

const SAMPLES = join(import.meta.dirname, '../samples/tariffs');
const sample = (f: string): Tariff => readTariffFile(join(SAMPLES, f));
const FLAT = sample('lanternwick/simple-fixed.json');
const E7 = sample('lanternwick/economy-7.json');
const SEASONAL = sample('lanternwick/seasonal-saver.json');
const EV = sample('fenmoor/night-drive-ev.json');
const EXPORT = sample('fenmoor/sunshare-export.json');
const DYNAMIC = sample('fenmoor/tracker-half-hourly.json');

const HALF_HOUR = 1_800_000;
/** Every half hour from `from` (inclusive) to `to` (exclusive), each `kwh`. */
function constant(from: string, to: string, kwh: string): [number, string][] {
  const out: [number, string][] = [];
  for (let t = Date.parse(from); t < Date.parse(to); t += HALF_HOUR) out.push([t, kwh]);
  return out;
}

/** The energy lines as {band/block: [kWh, amount]} and the summary amounts. */
function summary(bill: Bill): Record<string, unknown> {
  const lines: Record<string, [string, string]> = {};
  for (const l of bill.lines) lines[l.kind === 'standing_charge' ? 'standing' : `${l.band}/${l.block}`] = [l.quantity, l.amount];
  return { lines, net: bill.net, vat: bill.vat, total: bill.total, days: bill.period.days };
}

describe('hand-worked bills', () => {
  test.each<[string, Tariff, [string | number, string][], Record<string, unknown>]>([
    [
      // all day 1.5 + 2.25 + 0.75 = 4.5 kWh × £0.2451 = £1.10295 → £1.10; standing 1 day × £0.5342 → £0.53;
      // net £1.63; VAT 5% × 1.63 = £0.0815 → £0.08; total £1.71
      'flat single rate, one winter day',
      FLAT,
      [['2026-02-10T00:00:00Z', '1.5'], ['2026-02-10T12:00:00Z', '2.25'], ['2026-02-10T23:30:00Z', '0.75']],
      { lines: { standing: ['1', '0.53'], 'all day/1': ['4.5', '1.10'] }, net: '1.63', vat: '0.08', total: '1.71', days: 1 },
    ],
    [
      // GMT: 00:00 is day (night starts 00:30), 00:30 and 07:00 night, 07:30 and 18:00 day.
      // day 0.5 + 1.0 + 2.0 = 3.5 kWh × £0.2889 = £1.01115 → £1.01; night 1.2 + 0.8 = 2.0 × £0.1452 = £0.2904 → £0.29;
      // standing £0.5512 → £0.55; net £1.85; VAT 5% = £0.0925 → £0.09; total £1.94
      'Economy 7, one winter day',
      E7,
      [['2026-01-15T00:00:00Z', '0.5'], ['2026-01-15T00:30:00Z', '1.2'], ['2026-01-15T07:00:00Z', '0.8'], ['2026-01-15T07:30:00Z', '1.0'], ['2026-01-15T18:00:00Z', '2.0']],
      { lines: { standing: ['1', '0.55'], 'night/1': ['2', '0.29'], 'day/1': ['3.5', '1.01'] }, net: '1.85', vat: '0.09', total: '1.94', days: 1 },
    ],
    [
      // BST: 23:30Z on 30 June is 00:30 on 1 July (night), 06:00Z is 07:00 (night), 06:30Z is 07:30 (day).
      // night 2 kWh × £0.1452 = £0.2904 → £0.29; day 1 × £0.2889 → £0.29; standing £0.55; net £1.13;
      // VAT 5% = £0.0565 → £0.06 (a tie, rounded up); total £1.19
      'Economy 7, a summer day in wall-clock time',
      E7,
      [['2026-06-30T23:30:00Z', '1'], ['2026-07-01T06:00:00Z', '1'], ['2026-07-01T06:30:00Z', '1']],
      { lines: { standing: ['1', '0.55'], 'night/1': ['2', '0.29'], 'day/1': ['1', '0.29'] }, net: '1.13', vat: '0.06', total: '1.19', days: 1 },
    ],
    [
      // Spring change, Sunday 29 March 2026: 23 hours = 46 half hours of 0.5 kWh. Night 00:30–07:30 wall
      // clock is 00:30Z–06:30Z = 12 half hours = 6 kWh × £0.1452 = £0.8712 → £0.87; day 34 × 0.5 = 17 kWh
      // × £0.2889 = £4.9113 → £4.91; standing £0.55; net £6.33; VAT £0.3165 → £0.32; total £6.65
      'Economy 7, the 23-hour day',
      E7,
      constant('2026-03-29T00:00:00Z', '2026-03-29T23:00:00Z', '0.5'),
      { lines: { standing: ['1', '0.55'], 'night/1': ['6', '0.87'], 'day/1': ['17', '4.91'] }, net: '6.33', vat: '0.32', total: '6.65', days: 1 },
    ],
    [
      // Autumn change week, Mon 19 – Sun 25 October 2026 (local), 0.5 kWh every half hour: 6 × 48 + 50 = 338
      // half hours. Night: 14 half hours on six days + 16 on the 25-hour Sunday (23:30Z–07:30Z) = 100
      // → 50 kWh × £0.1452 = £7.26; day 338 − 100 = 238 → 119 kWh × £0.2889 = £34.3791 → £34.38;
      // standing 7 × £0.5512 = £3.8584 → £3.86; net £45.50; VAT £2.275 → £2.28 (tie up); total £47.78
      'Economy 7, the clock-change week (25-hour Sunday)',
      E7,
      constant('2026-10-18T23:00:00Z', '2026-10-26T00:00:00Z', '0.5'),
      { lines: { standing: ['7', '3.86'], 'night/1': ['50', '7.26'], 'day/1': ['119', '34.38'] }, net: '45.50', vat: '2.28', total: '47.78', days: 7 },
    ],
    [
      // Fri 13 Feb 23:00 peak (weekday window starts 23:30), Fri 23:30 window, Sat 06:00 window (weekend
      // window 22:00–07:00), Sat 07:00 peak, Sat 22:00 window. Window 7 + 3 + 4 = 14 kWh × £0.0850 = £1.19;
      // peak 2 + 1 = 3 × £0.2620 = £0.786 → £0.79; standing 2 × £0.4820 = £0.964 → £0.96; net £2.94;
      // prices include VAT: nothing added, total £2.94 (of which VAT 2.94 − 2.94/1.05 = £0.14)
      'EV, a weekday night and a weekend day, VAT included',
      EV,
      [['2026-02-13T23:00:00Z', '2'], ['2026-02-13T23:30:00Z', '7'], ['2026-02-14T06:00:00Z', '3'], ['2026-02-14T07:00:00Z', '1'], ['2026-02-14T22:00:00Z', '4']],
      { lines: { standing: ['2', '0.96'], 'ev window/1': ['14', '1.19'], 'peak/1': ['3', '0.79'] }, net: '2.94', vat: '0.00', total: '2.94', days: 2 },
    ],
    [
      // 2.4 + 2.6 + 0.333 = 5.333 kWh × £0.15 = £0.79995 → £0.80; no standing charge; VAT 0; paid to the customer
      'export, a sunny day',
      EXPORT,
      [['2026-06-21T11:00:00Z', '2.4'], ['2026-06-21T11:30:00Z', '2.6'], ['2026-06-21T12:00:00Z', '0.333']],
      { lines: { standing: ['1', '0.00'], 'export/1': ['5.333', '0.80'] }, net: '0.80', vat: '0.00', total: '0.80', days: 1 },
    ],
    [
      // Winter blocks per day: 20 Jan 3 + 3 + 3 kWh: the first 8 at £0.21, the last 1 at £0.265; 21 Jan 5 kWh
      // all in block 1. Block 1: 13 kWh × £0.21 = £2.73; block 2: 1 × £0.265 = £0.265 → £0.27 (tie up);
      // standing 2 × £0.45 = £0.90; net £3.90; VAT £0.195 → £0.20; total £4.10
      'seasonal blocks, two winter days',
      SEASONAL,
      [['2026-01-20T08:00:00Z', '3'], ['2026-01-20T12:00:00Z', '3'], ['2026-01-20T18:00:00Z', '3'], ['2026-01-21T09:00:00Z', '5']],
      { lines: { standing: ['2', '0.90'], 'winter/1': ['13', '2.73'], 'winter/2': ['1', '0.27'] }, net: '3.90', vat: '0.20', total: '4.10', days: 2 },
    ],
    [
      // Summer: 2 kWh × £0.23 = £0.46; standing £0.45; net £0.91; VAT £0.0455 → £0.05; total £0.96
      'seasonal blocks, a summer day',
      SEASONAL,
      [['2026-07-01T09:00:00Z', '2']],
      { lines: { standing: ['1', '0.45'], 'summer/1': ['2', '0.46'] }, net: '0.91', vat: '0.05', total: '0.96', days: 1 },
    ],
    [
      // Prices from the sample's series: 21 Oct 16:00Z £0.3184, 25 Oct 00:30Z £0.0942 and 01:30Z £0.1016 (both
      // 01:30 on the wall clock, each its own half hour), 03:00Z −£0.0230.
      // 2.5 × 0.3184 = 0.796; 1 × 0.0942 = 0.0942; 1 × 0.1016 = 0.1016; 4 × −0.0230 = −0.092 → Σ £0.8998 → £0.90;
      // standing 21–25 Oct = 5 days × £0.4790 = £2.395 → £2.40 (tie up); net £3.30; VAT £0.165 → £0.17; total £3.47
      'dynamic, the clock-change week with a negative price',
      DYNAMIC,
      [['2026-10-21T16:00:00Z', '2.5'], ['2026-10-25T00:30:00Z', '1'], ['2026-10-25T01:30:00Z', '1'], ['2026-10-25T03:00:00Z', '4']],
      { lines: { standing: ['5', '2.40'], 'dynamic/1': ['8.5', '0.90'] }, net: '3.30', vat: '0.17', total: '3.47', days: 5 },
    ],
  ])('%s', (_name, tariff, rows, expected) => {
    const bill = billTariff(tariff, readingsOf(rows));
    expect(summary(bill)).toEqual(expected);
  });

  test('the dynamic sample prices used above are the ones in its series', () => {
    const price = (start: string): string | undefined => DYNAMIC.price_series?.find((p) => p.start === start)?.unit_price;
    expect([price('2026-10-21T16:00:00.000Z'), price('2026-10-25T00:30:00.000Z'), price('2026-10-25T01:30:00.000Z'), price('2026-10-25T03:00:00.000Z')]).toEqual(['0.3184', '0.0942', '0.1016', '-0.0230']);
  });

  test('VAT-inclusive prices show the VAT they contain; an export bill is a credit', () => {
    const ev = billTariff(EV, readingsOf([['2026-02-13T23:30:00Z', '7'], ['2026-02-14T07:00:00Z', '3']]));
    // 7 × 0.085 = 0.595 → 0.60; 3 × 0.262 = 0.786 → 0.79; standing 0.964 → 0.96; net 2.35; VAT in it 2.35 − 2.35/1.05 = 0.1119… → 0.11
    expect([ev.net, ev.vat_in_prices, ev.total]).toEqual(['2.35', '0.11', '2.35']);
    expect(billTariff(EXPORT, readingsOf([['2026-06-21T11:00:00Z', '1']])).direction).toBe('credit');
  });

  test('the billing period can be wider than the readings (standing charge for every day)', () => {
    const bill = billTariff(FLAT, readingsOf([['2026-02-10T12:00:00Z', '1']]), { from: '2026-02-01', to: '2026-02-28' });
    // 28 days × £0.5342 = £14.9576 → £14.96; 1 kWh × £0.2451 → £0.25; net £15.21; VAT £0.7605 → £0.76; total £15.97
    expect([bill.period.days, bill.standing_charge, bill.energy, bill.vat, bill.total]).toEqual([28, '14.96', '0.25', '0.76', '15.97']);
  });

  test('a reading outside the billing period, or a half hour the dynamic series lacks, is refused naming its line', () => {
    expect(() => billTariff(FLAT, readingsOf([['2026-02-10T12:00:00Z', '1']]), { from: '2026-02-11', to: '2026-02-12' })).toThrow(/outside the billing period 2026-02-11 to 2026-02-12 \(line 2\)/);
    expect(() => billTariff(DYNAMIC, readingsOf([['2026-10-21T16:00:00Z', '1'], ['2026-11-01T00:00:00Z', '1']]))).toThrow(/has no price for the half hour starting 2026-11-01T00:00:00.000Z \(line 3\)/);
  });

  test('hours a tariff does not cover are not priced and are reported', () => {
    const partial: Tariff = { ...FLAT, rates: [{ ...FLAT.rates[0]!, bands: [{ ...FLAT.rates[0]!.bands[0]!, start: '07:00', end: '24:00' }], uncovered_hours: [{ start: '00:00', end: '07:00' }] }] };
    const bill = billTariff(partial, readingsOf([['2026-02-10T06:30:00Z', '2'], ['2026-02-10T07:00:00Z', '1']]));
    expect(bill.uncovered).toEqual({ readings: 1, kwh: '2' });
    expect(bill.lines.find((l) => l.kind === 'energy')?.quantity).toBe('1');
    expect(bill.warnings).toEqual(['1 half hours (2 kWh) fall in hours the tariff does not cover and are not priced']);
  });
});

describe('laws of the bill', () => {
  test('a price of 0.1 £/kWh times 3 kWh is exactly 0.3 (and the float would not be)', () => {
    expect(0.1 * 3).not.toBe(0.3);
    const tenPence: Tariff = { ...FLAT, standing_charge: '0', rates: [{ ...FLAT.rates[0]!, bands: [{ band: 'all day', start: '00:00', end: '24:00', prices: [{ unit_price: '0.1', to_kwh: null }] }] }] };
    const bill = billTariff(tenPence, readingsOf([['2026-02-10T12:00:00Z', '3']]));
    expect(bill.energy_exact).toBe('0.3');
    expect(bill.lines[1]!.exact).toBe('0.3');
    const thirds = billTariff(tenPence, readingsOf([['2026-02-10T12:00:00Z', '1'], ['2026-02-10T12:30:00Z', '1'], ['2026-02-10T13:00:00Z', '1']]));
    expect(thirds.energy_exact).toBe('0.3');
  });

  const STATIC = [FLAT, E7, SEASONAL, EV, EXPORT];
  const kwh = fc.integer({ min: 0, max: 9999 }).map((n) => `${Math.floor(n / 1000)}.${String(n % 1000).padStart(3, '0')}`);
  /** Readings over `days` local days from 2026-03-27 (across the spring change), some half hours missing. */
  const series = fc.record({
    days: fc.integer({ min: 2, max: 5 }),
    start: fc.constantFrom('2026-03-27T00:00:00Z', '2026-10-23T23:00:00Z', '2026-01-05T00:00:00Z', '2026-07-14T23:00:00Z'),
    values: fc.array(fc.option(kwh, { freq: 5 }), { minLength: 250, maxLength: 250 }),
  });

  test('splitting a period in two at a local midnight never changes the exact energy part', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATIC), series, fc.integer({ min: 1, max: 4 }), (tariff, s, cut) => {
        const rows: [number, string][] = [];
        const t0 = Date.parse(s.start);
        const end = t0 + s.days * 86_400_000;
        s.values.forEach((v, i) => {
          const t = t0 + i * HALF_HOUR;
          if (v !== null && t < end) rows.push([t, v]);
        });
        // The cut: the first reading at or after the local midnight `cut` days in.
        const cutDay = billTariff(tariff, readingsOf(rows.slice(0, 1))).period.from;
        const cutDate = new Date(Date.parse(`${cutDay}T00:00:00Z`) + Math.min(cut, s.days - 1) * 86_400_000).toISOString().slice(0, 10);
        const midnight = londonMidnight(cutDate);
        const a = rows.filter(([t]) => t < midnight);
        const b = rows.filter(([t]) => t >= midnight);
        fc.pre(a.length > 0 && b.length > 0);
        const whole = new Money(billTariff(tariff, readingsOf(rows)).energy_exact);
        const parts = new Money(billTariff(tariff, readingsOf(a)).energy_exact).plus(billTariff(tariff, readingsOf(b)).energy_exact);
        expect(parts.toFixed()).toBe(whole.toFixed());
      }),
      { numRuns: 150 },
    );
  });

  test('without blocks, splitting anywhere never changes the exact energy part', () => {
    fc.assert(
      fc.property(fc.constantFrom(FLAT, E7, EV, EXPORT), series, fc.integer({ min: 1, max: 248 }), (tariff, s, cut) => {
        const t0 = Date.parse(s.start);
        const rows = s.values.flatMap((v, i): [number, string][] => (v === null ? [] : [[t0 + i * HALF_HOUR, v]]));
        const a = rows.slice(0, Math.min(cut, rows.length - 1));
        const b = rows.slice(a.length);
        fc.pre(a.length > 0 && b.length > 0);
        const whole = billTariff(tariff, readingsOf(rows)).energy_exact;
        const parts = new Money(billTariff(tariff, readingsOf(a)).energy_exact).plus(billTariff(tariff, readingsOf(b)).energy_exact);
        expect(parts.toFixed()).toBe(new Money(whole).toFixed());
      }),
      { numRuns: 150 },
    );
  });

  test('the total is exactly the sum of the breakdown lines plus VAT, and each line is its exact amount rounded', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATIC, DYNAMIC), series, (tariff, s) => {
        const t0 = tariff === DYNAMIC ? Date.parse('2026-10-18T23:00:00Z') : Date.parse(s.start);
        const rows = s.values.flatMap((v, i): [number, string][] => (v === null ? [] : [[t0 + i * HALF_HOUR, v]]));
        fc.pre(rows.length > 0);
        const bill = billTariff(tariff, readingsOf(rows));
        const sum = bill.lines.reduce((acc, l) => acc.plus(l.amount), new Money(0));
        expect(sum.toFixed(2)).toBe(bill.net);
        expect(sum.plus(bill.vat).toFixed(2)).toBe(bill.total);
        for (const l of bill.lines) expect(new Money(l.exact).toDecimalPlaces(2, Money.ROUND_HALF_UP).toFixed(2)).toBe(l.amount);
        expect(new Money(bill.vat).toFixed(2)).toBe(tariff.vat_included ? '0.00' : new Money(bill.net).times(tariff.vat_rate).toDecimalPlaces(2, Money.ROUND_HALF_UP).toFixed(2));
      }),
      { numRuns: 100 },
    );
  });
});

test('the samples import as one set: two suppliers, six tariffs', () => {
  const inputs = readTariffInputs([SAMPLES]);
  expect(inputs.suppliers.map((s) => s.mpid).sort()).toEqual(['ZFNM', 'ZLNT']);
  expect(inputs.tariffs.map((t) => t.name).sort()).toEqual([
    'Fenmoor Night Drive EV',
    'Fenmoor Sunshare Export',
    'Fenmoor Tracker Half-Hourly',
    'Lanternwick Economy 7',
    'Lanternwick Seasonal Saver (blocks)',
    'Lanternwick Simple Fixed (single rate)',
  ]);
  expect(DYNAMIC.price_series).toHaveLength(338);
});
