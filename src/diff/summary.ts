// A human and machine summary of a Difference Model: objects added, removed and changed per class,
// and for changed objects the properties with old → new values (the first N, then a count).

import type { CimModel, CimObject } from '../cim-xml/model.js';
import { STANDARD_PREFIXES } from '../cim-xml/namespaces.js';
import { ModelIndex } from './model-index.js';

/** One property change of one object. */
export interface PropertyChange {
  id: string;
  class: string;
  property: string;
  old: string[];
  new: string[];
}

/** The summary of a Difference Model. */
export interface DifferenceSummary {
  added: Record<string, number>;
  removed: Record<string, number>;
  changed: Record<string, number>;
  forwardStatements: number;
  reverseStatements: number;
  /** The first `limit` property changes. */
  changes: PropertyChange[];
  /** Property changes not listed in `changes`. */
  moreChanges: number;
}

function className(ns: string, local: string): string {
  if (ns === '') return '(untyped)';
  return `${STANDARD_PREFIXES.get(ns) ?? ns}:${local}`;
}

function bump(r: Record<string, number>, k: string): void {
  r[k] = (r[k] ?? 0) + 1;
}

/** Summarises `diff`; `base` (a model, or a class lookup by id) names the classes of changed objects. */
export function summariseDifference(diff: CimModel, base?: CimModel | Map<string, { ns: string; local: string }>, limit = 20): DifferenceSummary {
  const baseIndex = base === undefined ? undefined : base instanceof Map ? base : ModelIndex.of(base);
  const s: DifferenceSummary = { added: {}, removed: {}, changed: {}, forwardStatements: 0, reverseStatements: 0, changes: [], moreChanges: 0 };
  const changed = new Map<string, { cls: string; old: Map<string, string[]>; new: Map<string, string[]> }>();
  const note = (o: CimObject, side: 'old' | 'new'): void => {
    const be = baseIndex?.get(o.id);
    const cls = be ? className(be.ns, be.local) : '(untyped)';
    let c = changed.get(o.id);
    if (!c) {
      c = { cls, old: new Map(), new: new Map() };
      changed.set(o.id, c);
    }
    for (const p of o.properties) {
      const key = `${STANDARD_PREFIXES.get(p.ns) ?? p.ns}:${p.local}`;
      const list = c[side].get(key) ?? [];
      list.push(p.value);
      c[side].set(key, list);
    }
  };
  for (const o of diff.objects) {
    const n = (o.ns === '' ? 0 : 1) + o.properties.length;
    if (o.section === 'forwardDifferences') s.forwardStatements += n;
    else if (o.section === 'reverseDifferences') s.reverseStatements += n;
    if (o.ns !== '') {
      if (o.section === 'forwardDifferences') bump(s.added, className(o.ns, o.local));
      else if (o.section === 'reverseDifferences') bump(s.removed, className(o.ns, o.local));
    } else if (o.section === 'forwardDifferences') note(o, 'new');
    else if (o.section === 'reverseDifferences') note(o, 'old');
  }
  let total = 0;
  for (const [id, c] of changed) {
    bump(s.changed, c.cls);
    const props = new Set([...c.old.keys(), ...c.new.keys()]);
    for (const property of props) {
      total++;
      if (s.changes.length < limit) s.changes.push({ id, class: c.cls, property, old: c.old.get(property) ?? [], new: c.new.get(property) ?? [] });
    }
  }
  s.moreChanges = total - s.changes.length;
  return s;
}

/** The summary as text. */
export function formatSummary(s: DifferenceSummary): string {
  const lines: string[] = [];
  const table = (title: string, r: Record<string, number>): void => {
    const keys = Object.keys(r).sort();
    lines.push(`${title}: ${keys.reduce((a, k) => a + r[k]!, 0)}`);
    for (const k of keys) lines.push(`  ${k.padEnd(40)} ${r[k]}`);
  };
  table('objects added', s.added);
  table('objects removed', s.removed);
  table('objects changed', s.changed);
  lines.push(`statements: ${s.forwardStatements} forward (added), ${s.reverseStatements} reverse (removed)`);
  if (s.changes.length > 0) lines.push('changed properties:');
  for (const c of s.changes) lines.push(`  ${c.class} ${c.id} ${c.property}: ${c.old.join(', ') || '∅'} → ${c.new.join(', ') || '∅'}`);
  if (s.moreChanges > 0) lines.push(`  … and ${s.moreChanges} more`);
  return lines.join('\n');
}
