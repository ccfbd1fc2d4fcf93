// The error-code list and the README stay in sync, and errors render their place.

import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { parseCimXml } from '../src/cim-xml/sources.js';
import { applyDifference, invertDifference } from '../src/diff/index.js';
import { ERROR_CODES, LtdsError } from '../src/errors/index.js';
import { defaultSteps, insertStep } from '../src/pipeline/index.js';
import { realFile } from './helpers/real-data.js';

test('every error code is documented in the README and every documented code exists', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Error codes'));
  const documented = new Set([...section.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]));
  expect([...documented].sort()).toEqual(Object.keys(ERROR_CODES).sort());
});

test('an error names its file, line and column, and keeps its parameters', () => {
  const err = new LtdsError('XML_TRUNCATED', 'the input ends inside a tag', { at: 5 }, { line: 3, column: 7 });
  expect(err.message).toBe('the input ends inside a tag (line 3, column 7)');
  err.inFile('EQ.xml');
  expect(err.message).toBe('the input ends inside a tag (EQ.xml, line 3, column 7)');
  expect(err.params).toEqual({ at: 5 });
  expect(err.code).toBe('XML_TRUNCATED');
});

test('library misuse is a coded error too: a Full Model where a Difference Model is needed, an unknown step', () => {
  const full = parseCimXml(readFileSync(realFile('BC_BE_TP_V2')));
  const code = (f: () => unknown): string | undefined => {
    try {
      f();
    } catch (err) {
      return err instanceof LtdsError ? `${err.code}: ${err.message}` : `uncoded: ${(err as Error).message}`;
    }
    return undefined;
  };
  expect(code(() => applyDifference(full, full))).toBe('DIFF_NOT_DIFFERENCE: the model to apply is not a Difference Model (its header is FullModel)');
  expect(code(() => invertDifference(full))).toBe('DIFF_NOT_DIFFERENCE: the model to invert is not a Difference Model (its header is FullModel)');
  expect(code(() => insertStep(defaultSteps(), 'no-such-step', { name: 'extra', run: async () => undefined }))).toBe(
    'PIPELINE_STEP: no step named no-such-step to insert extra after (steps: cases, differences, case-report, package)',
  );
});
