// validateEach: independent input sets validated on worker threads (the compiled module, as the
// pipeline runs it) give exactly the reports validateInputs gives one set at a time, in order; a
// failure comes back as the same coded error.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { validateInputs } from '../src/validation/index.js';
import type { validateEach as ValidateEach } from '../src/validation/parallel.js';
import { LtdsError } from '../src/errors/index.js';
import { realFile } from './helpers/real-data.js';

const compiled = pathToFileURL(join(import.meta.dirname, '../dist/src/validation/parallel.js')).href;
const compiledErrors = pathToFileURL(join(import.meta.dirname, '../dist/src/errors/index.js')).href;

describe('validateEach on worker threads', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'ltds-parallel-'));
  const eq = realFile('MicroGridTestConfiguration_BC_BE_EQ_V2');
  // A broken copy: a dangling reference and a bad literal, so the reports hold findings to compare.
  const broken = join(tmp, 'broken_EQ.xml');
  writeFileSync(broken, readFileSync(eq, 'utf8').replace(/<cim:IdentifiedObject\.name>([^<]*)<\/cim:IdentifiedObject\.name>/, '<cim:IdentifiedObject.name>$1</cim:IdentifiedObject.name><cim:ACLineSegment.r>abc</cim:ACLineSegment.r>').replace(/rdf:resource="#_[0-9a-f-]{36}"/, 'rdf:resource="#_00000000-0000-0000-0000-000000000000"'));
  const sets = [[eq], [broken], [realFile('20210209T1930Z_1D_NL_EQ_9.xml')], [eq, realFile('MicroGridTestConfiguration_BC_BE_SSH_V2')]];

  test('the reports equal validateInputs one set at a time, in the order asked', async () => {
    const { validateEach } = (await import(compiled)) as { validateEach: typeof ValidateEach };
    const finished: number[] = [];
    let workers = 0;
    const count = () => workers++;
    process.on('worker', count);
    const parallel = await validateEach(sets, {}, (i) => finished.push(i), 2).finally(() => process.off('worker', count));
    // On two cores or more the sets really went to two worker threads (one core validates here).
    if (availableParallelism() >= 2) expect(workers).toBe(2);
    else expect(workers).toBe(0);
    const sequential = [];
    for (const s of sets) sequential.push(await validateInputs(s));
    // Timings differ from run to run; everything else must be the same.
    const untimed = (r: unknown) => JSON.parse(JSON.stringify(r, (k, v: unknown) => (k === 'ms' ? 0 : v)));
    expect(parallel.map(untimed)).toEqual(sequential.map(untimed));
    expect(parallel[1]?.counts.error).toBeGreaterThan(0);
    expect(parallel[1]?.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['vocab-datatype', 'ref-unresolved']));
    expect([...finished].sort()).toEqual([0, 1, 2, 3]);
  });

  test('a set that cannot be read fails with its code, file and parameters, after the others finish', async () => {
    const { validateEach } = (await import(compiled)) as { validateEach: typeof ValidateEach };
    const { LtdsError: CompiledError } = (await import(compiledErrors)) as { LtdsError: typeof LtdsError };
    const missing = join(tmp, 'missing.xml');
    const finished: number[] = [];
    const err = await validateEach([[eq], [missing], [eq]], {}, (i) => finished.push(i), 2).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CompiledError);
    expect((err as LtdsError).code).toBe('INPUT_NOT_FOUND');
    expect((err as LtdsError).message).toContain(missing);
    // The set started beside the failing one finished before the failure was thrown.
    expect(finished).toContain(0);
  });
});
