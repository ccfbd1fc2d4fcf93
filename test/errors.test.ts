// The error-code list and the README stay in sync, and errors render their place.

import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { ERROR_CODES, LtdsError } from '../src/errors/index.js';

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
