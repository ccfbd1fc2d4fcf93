// Tariff structure checks (each problem named by field and band), Europe/London wall-clock time
// against the platform's time-zone database, and the readings file format.

import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkBundle, checkTariff, londonDayHours, londonMidnight, parseReadingsCsv, readTariffFile, readTariffInputs, toLondon, type Tariff } from '../src/tariffs/index.js';

const SAMPLES = join(import.meta.dirname, '../samples/tariffs');
const E7 = readTariffFile(join(SAMPLES, 'lanternwick/economy-7.json'));
const DYNAMIC = readTariffFile(join(SAMPLES, 'fenmoor/tracker-half-hourly.json'));
const clone = (t: Tariff): Tariff => JSON.parse(JSON.stringify(t)) as Tariff;

/** A broken copy of Economy 7 and the exact issues it must give. */
function broken(edit: (t: Tariff & Record<string, unknown>) => void): { field: string; message: string }[] {
  const t = clone(E7) as Tariff & Record<string, unknown>;
  edit(t);
  return checkTariff(t).issues;
}

describe('tariff structure', () => {
  test('every sample is valid', () => {
    expect(readTariffInputs([SAMPLES]).tariffs).toHaveLength(6);
  });

  test.each<[string, (t: Tariff & Record<string, unknown>) => void, { field: string; message: string }[]]>([
    ['overlapping bands', (t) => (t.rates[0]!.bands[0]!.end = '08:00'), [{ field: 'rates[0].bands[1]', message: "band 'day' (07:30–00:30) overlaps band 'night' (00:30–08:00) at 07:30–08:00" }]],
    ['a gap in the day', (t) => (t.rates[0]!.bands[0]!.start = '01:00'), [{ field: 'rates[0].bands', message: 'the bands do not cover 00:30–01:00 of the day; add a band or list those hours in uncovered_hours' }]],
    ['an empty band', (t) => (t.rates[0]!.bands[0]!.end = '00:30'), [
      { field: 'rates[0].bands[0]', message: `band 'night' (00:30–00:30) is empty: start and end are the same time (use "00:00"–"24:00" for the whole day)` },
      { field: 'rates[0].bands', message: 'the bands do not cover 00:30–07:30 of the day; add a band or list those hours in uncovered_hours' },
    ]],
    ['uncovered hours that a band covers', (t) => (t.rates[0]!.uncovered_hours = [{ start: '07:00', end: '08:00' }]), [{ field: 'rates[0].uncovered_hours[0]', message: "uncovered hours 07:00–08:00 overlap band 'night' (00:30–07:30) at 07:00–08:00" }]],
    ['months that miss December', (t) => (t.rates[0]!.months = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), [{ field: 'rates', message: "the rate periods' months and days of the week do not cover the year: nothing prices Dec every day" }]],
    ['days that miss the weekend', (t) => (t.rates[0]!.days_of_week = ['mon', 'tue', 'wed', 'thu', 'fri']), [{ field: 'rates', message: "the rate periods' months and days of the week do not cover the year: nothing prices Jan sat/sun, Feb sat/sun, Mar sat/sun, Apr sat/sun, May sat/sun, Jun sat/sun, Jul sat/sun, Aug sat/sun, Sep sat/sun, Oct sat/sun, Nov sat/sun, Dec sat/sun" }]],
    ['two periods on the same days', (t) => t.rates.push({ ...clone(E7).rates[0]!, months: [6] }), [{ field: 'rates[1]', message: 'rate periods overlap: Jun mon (already in rates[0]), Jun tue (already in rates[0]), Jun wed (already in rates[0]), Jun thu (already in rates[0]), Jun fri (already in rates[0]), Jun sat (already in rates[0]) and 1 more' }]],
    ['a price as a JSON number', (t) => ((t.rates[0]!.bands[0]!.prices[0]! as Record<string, unknown>).unit_price = 0.1452), [{ field: 'rates[0].bands[0].prices[0].unit_price', message: 'Invalid input: expected string, received number' }]],
    ['a price with an exponent', (t) => (t.rates[0]!.bands[0]!.prices[0]!.unit_price = '1.452e-1'), [{ field: 'rates[0].bands[0].prices[0].unit_price', message: 'must be a decimal string such as "0.2451" (no exponent, no JSON number)' }]],
    ['a band off the half hour', (t) => (t.rates[0]!.bands[0]!.start = '00:15'), [{ field: 'rates[0].bands[0].start', message: 'must be a wall-clock time on the half hour, "00:00" to "24:00"' }]],
    ['a bounded last block', (t) => (t.rates[0]!.bands[1]!.prices[0]!.to_kwh = '10'), [{ field: 'rates[0].bands[1].prices[0].to_kwh', message: `the last price of band 'day' must have to_kwh null (the open-ended block), got "10"` }]],
    ['falling block bounds', (t) => (t.rates[0]!.bands[1]!.prices = [{ unit_price: '0.3', to_kwh: '5' }, { unit_price: '0.2', to_kwh: '4' }, { unit_price: '0.1', to_kwh: null }]), [{ field: 'rates[0].bands[1].prices[1].to_kwh', message: `block bounds of band 'day' must rise above 5 kWh, got "4"` }]],
    ['a gas region on electricity', (t) => (t.region = 'NW'), [{ field: 'region', message: "an electricity tariff's region is a GSP group (_A, _B, _C, _D, _E, _F, _G, _H, _J, _K, _L, _M, _N, _P), got 'NW'" }]],
    ['dates out of order', (t) => (t.valid_to = '2025-12-31'), [{ field: 'valid_to', message: 'valid_to 2025-12-31 is before valid_from 2026-01-01' }]],
    ['VAT as a percentage', (t) => (t.vat_rate = '5'), [{ field: 'vat_rate', message: 'vat_rate is a fraction (0.05 for 5%), got "5"' }]],
    ['an unknown field', (t) => (t.colour = 'green'), [{ field: '(root)', message: 'Unrecognized key: "colour"' }]],
    ['a bad id and MPID', (t) => { t.tariff_id = 'trf_XYZ'; t.supplier_mpid = 'ab'; }, [
      { field: 'tariff_id', message: 'must be trf_ followed by 32 lowercase hex digits' },
      { field: 'supplier_mpid', message: 'must be a 4-character MPID (A–Z, 0–9)' },
    ]],
    ['a static tariff with a price series', (t) => (t.price_series = [{ start: '2026-01-01T00:00:00Z', unit_price: '0.1' }]), [{ field: 'price_series', message: 'only a dynamic tariff has a price series' }]],
  ])('%s', (_name, edit, issues) => {
    expect(broken(edit)).toEqual(issues);
  });

  test('hours listed as uncovered make a gap valid', () => {
    expect(broken((t) => {
      t.rates[0]!.bands[0]!.start = '01:00';
      t.rates[0]!.uncovered_hours = [{ start: '00:30', end: '01:00' }];
    })).toEqual([]);
  });

  test('a dynamic tariff needs a rising half-hourly series and no rates', () => {
    const t = clone(DYNAMIC);
    t.price_series = [{ start: '2026-10-19T00:00:00.000Z', unit_price: '0.1' }, { start: '2026-10-19T00:00:00.000Z', unit_price: '0.2' }, { start: '2026-10-19T00:45:00.000Z', unit_price: '0.2' }];
    expect(checkTariff(t).issues).toEqual([
      { field: 'price_series[1].start', message: 'price series starts must rise strictly, 2026-10-19T00:00:00.000Z follows 2026-10-19T00:00:00.000Z' },
      { field: 'price_series[2].start', message: 'a price series starts on the half hour (UTC), got 2026-10-19T00:45:00.000Z' },
    ]);
    expect(checkTariff({ ...clone(DYNAMIC), price_series: [] }).issues).toEqual([{ field: 'price_series', message: 'a dynamic tariff needs a price series of half-hourly prices' }]);
  });

  test('a bundle names the tariff index in each field, and a bad file refuses the whole import naming the file', () => {
    const bad = clone(E7);
    bad.rates[0]!.bands[0]!.end = '08:00';
    expect(checkBundle({ tariffs: [clone(E7), bad] }).issues).toEqual([{ field: 'tariffs[1].rates[0].bands[1]', message: "band 'day' (07:30–00:30) overlaps band 'night' (00:30–08:00) at 07:30–08:00" }]);
    expect(() => readTariffInputs([SAMPLES, join(import.meta.dirname, 'fixtures/tariffs/overlapping-bands.json')])).toThrow(
      "a tariff is not valid: test/fixtures/tariffs/overlapping-bands.json: rates[0].bands[1]: band 'day' (07:30–00:30) overlaps band 'night' (00:30–08:00) at 07:30–08:00",
    );
  });

  test('the same tariff id in two files is refused naming both', () => {
    expect(() => readTariffInputs([SAMPLES, join(SAMPLES, 'lanternwick/economy-7.json')])).toThrow(/tariff trf_7a51ff00000000000000000000000002 is also defined in samples\/tariffs\/lanternwick\/economy-7.json/);
  });
});

describe('Europe/London wall-clock time', () => {
  const intl = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  test('agrees with the platform time-zone database for every half hour of 2024–2027', () => {
    let mismatches = 0;
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2028, 0, 1); t += 1_800_000) {
      const p = Object.fromEntries(intl.formatToParts(t).map((x) => [x.type, x.value]));
      const l = toLondon(t);
      if (l.date !== `${p.year}-${p.month}-${p.day}` || l.minute !== Number(p.hour) * 60 + Number(p.minute)) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  test('the clock-change days have 23 and 25 hours; others 24', () => {
    expect(['2026-03-28', '2026-03-29', '2026-03-30', '2026-10-24', '2026-10-25', '2026-10-26', '2027-03-28', '2027-10-31'].map(londonDayHours)).toEqual([24, 23, 24, 24, 25, 24, 23, 25]);
    expect(new Date(londonMidnight('2026-07-01')).toISOString()).toBe('2026-06-30T23:00:00.000Z');
  });

  test('on the 25-hour day the wall-clock 01:00–02:00 happens twice', () => {
    expect([toLondon(Date.parse('2026-10-25T00:30:00Z')).minute, toLondon(Date.parse('2026-10-25T01:30:00Z')).minute]).toEqual([90, 90]);
    expect(toLondon(Date.parse('2026-03-29T01:00:00Z'))).toEqual({ date: '2026-03-29', day: 20541, month: 3, weekday: 6, minute: 120 });
  });
});

describe('readings CSV', () => {
  test('reads the header, UTC and offset timestamps, decimal kWh and skips blank lines', () => {
    const r = parseReadingsCsv('\uFEFFtimestamp,kWh\r\n2026-10-25T00:30:00Z,0.25\n\n2026-10-25T01:30:00+00:00,1.5\n2026-10-25T01:00:00+01:00,0\n');
    expect(r.start.map((t) => new Date(t).toISOString())).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z', '2026-10-25T00:00:00.000Z']);
    expect(r.kwh).toEqual(['0.25', '1.5', '0']);
    expect(r.line).toEqual([2, 4, 5]);
  });

  test.each([
    ['', 'the readings file is empty: expected the header "timestamp,kWh" and at least one row (f.csv, line 1)'],
    ['time,energy\n', 'the readings file must start with the header "timestamp,kWh", got "time,energy" (f.csv, line 1)'],
    ['timestamp,kWh\n', 'the readings file has a header but no readings (f.csv, line 1)'],
    ['timestamp,kWh\n2026-10-25T01:30:00,1\n', 'timestamp "2026-10-25T01:30:00" has no offset: give it in UTC ("Z") or with its offset ("+01:00"), because a wall-clock time is ambiguous on the autumn clock change (f.csv, line 2)'],
    ['timestamp,kWh\n25/10/2026 01:30,1\n', 'timestamp "25/10/2026 01:30" is not an ISO-8601 date-time with "Z" or an offset (f.csv, line 2)'],
    ['timestamp,kWh\n2026-10-25T01:10:00Z,1\n', 'timestamp "2026-10-25T01:10:00Z" is not the start of a half hour (f.csv, line 2)'],
    ['timestamp,kWh\n2026-10-25T01:00:00Z,-1\n', 'kWh "-1" is not a non-negative decimal number (f.csv, line 2)'],
    ['timestamp,kWh\n2026-10-25T01:00:00Z,1e3\n', 'kWh "1e3" is not a non-negative decimal number (f.csv, line 2)'],
    ['timestamp,kWh\n2026-10-25T01:00:00Z,1,2\n', 'a reading is two fields "timestamp,kWh", got "2026-10-25T01:00:00Z,1,2" (f.csv, line 2)'],
    ['timestamp,kWh\n2026-10-25T01:00:00Z,1\n2026-10-25T02:00:00+01:00,1\n', 'the half hour starting 2026-10-25T01:00:00.000Z is read twice (lines 2 and 3) (f.csv, line 3)'],
  ])('refuses %j', (text, message) => {
    expect(() => parseReadingsCsv(text, 'f.csv')).toThrow(message);
  });
});
