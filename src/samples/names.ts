// Plausible GB place names for generated substations, built from common English place-name parts.
// Names are unique within one generated area; short codes (4 letters) imitate DNO site codes.

import type { Prng } from './prng.js';

const HEADS: readonly string[] = [
  'Ash', 'Ald', 'Bar', 'Brad', 'Brom', 'Bur', 'Cal', 'Chel', 'Cran', 'Dray', 'Dun', 'Eas', 'Elm',
  'Farn', 'Gold', 'Gran', 'Hal', 'Hart', 'Hol', 'Ick', 'Kings', 'Lang', 'Lid', 'Mal', 'Mar', 'New',
  'Nor', 'Oak', 'Ot', 'Pen', 'Pud', 'Rad', 'Rus', 'Sand', 'Shep', 'Stan', 'Tad', 'Thorn', 'Up',
  'Wal', 'Wat', 'Wes', 'Whit', 'Win', 'Wood', 'Yar', 'Ber', 'Cott', 'Ful', 'Hamp', 'Kel', 'Sel',
];

const TAILS: readonly string[] = [
  'ford', 'ley', 'ton', 'ham', 'wick', 'by', 'thorpe', 'bury', 'field', 'well', 'stow', 'mere',
  'combe', 'den', 'stead', 'worth', 'borough', 'hurst', 'minster', 'bridge', 'cote', 'don', 'gate',
  'holme', 'ing', 'lington', 'sey', 'marsh', 'mouth', 'wood', 'dale', 'cliffe',
];

const QUALIFIERS: readonly string[] = ['North', 'South', 'East', 'West', 'Upper', 'Lower', 'Great', 'Little'];
const SUFFIXES: readonly string[] = ['Road', 'Lane', 'Park', 'Street', 'Green', 'Moor', 'Common', 'Heath'];

/** Gives out unique names; the set holds one short string per substation, a few MB at most. */
export class NameSource {
  private readonly used = new Set<string>();

  constructor(private readonly rnd: Prng) {}

  /** A new substation name, e.g. "Bradbury", "Upper Holmewood", "Marsey Road". */
  next(): string {
    for (let attempt = 0; attempt < 8; attempt++) {
      const name = this.compose();
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
    // Past the syllable space's comfortable size, number the duplicates as DNOs do ("Oakley 2").
    const base = this.compose();
    let n = 2;
    while (this.used.has(`${base} ${n}`)) n++;
    const name = `${base} ${n}`;
    this.used.add(name);
    return name;
  }

  private compose(): string {
    const r = this.rnd;
    const core = r.pick(HEADS) + r.pick(TAILS);
    const roll = r.float();
    if (roll < 0.12) return `${r.pick(QUALIFIERS)} ${core}`;
    if (roll < 0.27) return `${core} ${r.pick(SUFFIXES)}`;
    return core;
  }
}

/** A four-letter site code from a name: initials of later words, padded from the first word. */
export function siteCode(name: string): string {
  const words = name.toUpperCase().replace(/[^A-Z ]/g, '').split(' ').filter((w) => w.length > 0);
  const first = words[0] ?? 'X';
  const rest = words.slice(1).map((w) => w[0]).join('');
  return (first.slice(0, 4 - Math.min(rest.length, 2)) + rest).slice(0, 4).padEnd(4, 'X');
}
