// Check 5: a Difference Model's reverse differences must match the base it claims to supersede
// (header Model.Supersedes) when that base is among the files given. The Difference Model is
// applied to the base with the diff capability's `applyDifference`; every mismatch (a reverse
// statement not in the base, a forward statement already there) becomes a finding.

import { loadCimInput, type CimInput } from '../cim-xml/inputs.js';
import type { CimModel, ModelHeader } from '../cim-xml/model.js';
import { applyDifference } from '../diff/index.js';
import { prefixed } from './shacl-eval.js';
import type { Finding } from './types.js';

/** One input as the validation run saw it. */
export interface ReadFile {
  input: CimInput;
  header?: ModelHeader;
}

/** Applies every Difference Model to the Full Model it supersedes, when given; returns the mismatches as findings. */
export async function differenceFindings(files: readonly ReadFile[]): Promise<Finding[]> {
  const byId = new Map<string, ReadFile>();
  for (const f of files) if (f.header?.kind === 'FullModel' && !byId.has(f.header.id)) byId.set(f.header.id, f);
  const findings: Finding[] = [];
  const loaded = new Map<ReadFile, CimModel>();
  const load = async (f: ReadFile): Promise<CimModel> => {
    let m = loaded.get(f);
    if (!m) loaded.set(f, (m = await loadCimInput(f.input)));
    return m;
  };
  for (const f of files) {
    const h = f.header;
    if (h?.kind !== 'DifferenceModel') continue;
    for (const baseId of h.supersedes) {
      const baseFile = byId.get(baseId);
      if (!baseFile) continue;
      const base = await load(baseFile);
      const diff = await load(f);
      const classOf = new Map<string, string>();
      for (const o of base.objects) if (o.local !== '' && !classOf.has(o.id)) classOf.set(o.id, prefixed(o.ns + o.local));
      for (const m of applyDifference(base, diff).mismatches) {
        if (m.kind === 'wrong-base') continue; // paired by Model.Supersedes: the base is the one claimed
        const cls = classOf.get(m.id);
        const what = m.kind === 'reverse-not-in-base' ? 'the reverse difference states' : 'the forward difference adds';
        const fact = m.kind === 'reverse-not-in-base' ? `which is not in the base ${baseFile.input.name} (${baseId})` : `which the base ${baseFile.input.name} (${baseId}) already has`;
        const finding: Finding = {
          severity: 'error',
          rule: 'diff-base-mismatch',
          message: `${cls ?? 'object'} ${m.id}: ${what} ${prefixed(m.predicate)} = ${m.value.startsWith('http') ? prefixed(m.value) : `'${m.value}'`}, ${fact}`,
          file: f.input.name,
          line: m.line,
          column: m.column,
          subject: m.id,
          property: prefixed(m.predicate),
          value: m.value,
        };
        if (cls !== undefined) finding.className = cls;
        findings.push(finding);
      }
    }
  }
  return findings;
}
