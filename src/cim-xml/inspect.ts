// `inspect`: what a CIM file holds, from one streaming pass: header, objects per class,
// statement count, Difference Model section sizes, bytes and read time.

import type { ModelHeader, Section } from './model.js';
import { headerFields } from './header.js';
import { prefixerFor } from './json.js';
import { readCimInput, type CimInput } from './inputs.js';
import type { ReadWarning } from './reader.js';
import type { SourceOptions } from './sources.js';

/** The inspection of one CIM document. */
export interface InspectResult {
  name: string;
  bytes: number;
  readMs: number;
  header: Omit<ModelHeader, 'object'> | null;
  objects: number;
  statements: number;
  /** Objects per class (`prefix:Class`, or `rdf:Description` for untyped descriptions), sorted by name. */
  classes: Record<string, number>;
  /** Objects per Difference Model section; absent for Full Models. */
  sections?: Partial<Record<Exclude<Section, 'model'>, { objects: number; statements: number }>>;
  warnings: ReadWarning[];
}

/** Inspects one input in a single streaming pass. */
export async function inspectCimInput(input: CimInput, options: SourceOptions = {}): Promise<InspectResult> {
  const counts = new Map<string, number>();
  const sections: NonNullable<InspectResult['sections']> = {};
  const warnings: ReadWarning[] = [];
  let objects = 0;
  let statements = 0;
  let prefix = prefixerFor([]);
  const classKey = new Map<string, string>();
  let header: ModelHeader | undefined;
  const stats = await readCimInput(
    input,
    {
      root(namespaces) {
        prefix = prefixerFor(namespaces);
      },
      header(h) {
        header = h;
        statements += 1 + h.object.properties.length;
      },
      // Span mode: every check of the normal mode, without building property records inspect does not need.
      span({ object: o, properties }) {
        objects++;
        const n = (o.ns === '' ? 0 : 1) + properties;
        statements += n;
        const key = o.ns + o.local;
        let name = classKey.get(key);
        if (name === undefined) {
          name = o.ns === '' ? 'rdf:Description' : `${prefix(o.ns)}:${o.local}`;
          classKey.set(key, name);
        }
        counts.set(name, (counts.get(name) ?? 0) + 1);
        if (o.section !== 'model') {
          const s = (sections[o.section] ??= { objects: 0, statements: 0 });
          s.objects++;
          s.statements += n;
        }
      },
      warning(w) {
        warnings.push(w);
      },
    },
    { ...options, spans: true },
  );
  const result: InspectResult = {
    name: input.name,
    bytes: stats.bytes,
    readMs: Math.round(stats.ms * 10) / 10,
    header: header ? headerFields(header) : null,
    objects,
    statements,
    classes: Object.fromEntries([...counts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))),
    warnings,
  };
  if (header?.kind === 'DifferenceModel') {
    result.sections = {
      preconditions: sections.preconditions ?? { objects: 0, statements: 0 },
      reverseDifferences: sections.reverseDifferences ?? { objects: 0, statements: 0 },
      forwardDifferences: sections.forwardDifferences ?? { objects: 0, statements: 0 },
    };
  }
  return result;
}
