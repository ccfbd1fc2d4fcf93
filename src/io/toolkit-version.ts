// The toolkit's own version, from its package.json, found the same way from the sources (src/) and
// from the build (dist/src/): the nearest package.json above this module named ltds-toolkit.

import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The version in the toolkit's package.json (`0.1.0`); throws when there is none (a broken install). */
export function toolkitVersion(): string {
  if (cached !== undefined) return cached;
  for (let url = new URL('../../package.json', import.meta.url), i = 0; i < 4; url = new URL('../package.json', url), i++) {
    try {
      const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'ltds-toolkit' && typeof pkg.version === 'string') return (cached = pkg.version);
    } catch {
      // not at this level: try the one above
    }
  }
  throw new Error('the toolkit package.json (name ltds-toolkit) was not found above src/io/toolkit-version');
}
