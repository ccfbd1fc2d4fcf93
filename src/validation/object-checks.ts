// The per-object phase: every check of one object that needs only the object and what was declared
// before it, in one pass over its properties as it closes (vocabulary, references, SHACL counts,
// values and closed shapes); what needs other objects is kept as a deferred record
// (deferred-checks.ts) or a reference to resolve at the end (cross-checks.ts).

import { normaliseId } from '../cim-xml/identity.js';
import type { CimObject, Property } from '../cim-xml/model.js';
import { isHeaderClass } from '../cim-xml/header.js';
import { allTyped, deferredOne } from './deferred-checks.js';
import { RDF_TYPE, VOCAB_DOMAIN, VOCAB_OK, VOCAB_UNKNOWN, type ClassRules, type ProfileSet, type PropRule } from './profile-set.js';
import { isExternalIri, NAME_LOCAL, nameOf, NO_VALUES, objectLabel, termOfValue, type DeferredObject, type FileState, type RunState, type StoredValue } from './run-state.js';
import { nodeIri, failingComponents, prefixed } from './shacl-eval.js';
import { closedFinding, countFindings, shaclFinding } from './shacl-findings.js';
import type { Finding } from './types.js';
import { datatypeLabel, isLexicallyValid, RDF_LANG_STRING } from './xsd.js';

/** The checks of one object, as it closes. */
export class ObjectChecks {
  readonly findings: Finding[];
  readonly files: FileState[];
  readonly ids: RunState['ids'];
  readonly refs: RunState['refs'];
  /** Scratch per-object counts of the simple-path count constraints. */
  private counts = new Int32Array(64);

  constructor(private readonly run: RunState) {
    this.findings = run.findings;
    this.files = run.files;
    this.ids = run.ids;
    this.refs = run.refs;
  }

  /** Objects of a Difference Model section: vocabulary checks of typed objects only. */
  differenceObject(o: CimObject, f: FileState): void {
    if (o.local === '' || !f.set) return;
    const cls = this.run.classIri(o.ns, o.local);
    const rules = f.set.classRules(cls);
    this.vocabularyChecks(o, cls, f, rules);
  }

  object(o: CimObject, f: FileState): void {
    if (isHeaderClass(o.ns, o.local)) return;
    const id = o.id;
    const ids = this.ids;
    const typed = o.local !== '';
    const cls = typed ? this.run.classIri(o.ns, o.local) : '';
    let k = ids.find(id);
    if (k < 0) k = ids.add(id, f.index, o.line, o.column);
    else {
      if (ids.lastFile(k) === f.index) {
        this.findings.push({
          severity: 'error',
          rule: 'dup-id',
          message: `${typed ? prefixed(cls) : 'rdf:Description'} ${id} appears twice in this file`,
          file: f.input.name,
          line: o.line,
          column: o.column,
          subject: id,
        });
      }
      ids.setLastFile(k, f.index);
    }
    if (!typed) {
      f.untyped.push(o);
      return;
    }
    if (o.idForm === 'ID') {
      f.declares = true;
      if (!ids.isDeclared(k)) ids.declare(k, cls, f.index, o.line, o.column);
      else if (ids.file(k) !== f.index) this.duplicateDeclaration(o, cls, f, k);
      this.check(o, this.run.effectiveClass(ids.cls[k]!, cls), f, cls);
      return;
    }
    // A typed rdf:about description: checked now with the declared class when the declaration has
    // been read, else at the end, when every declaration is known (so no reading order changes it).
    if (ids.isDeclared(k)) {
      this.check(o, this.run.effectiveClass(ids.cls[k]!, cls), f, cls);
      return;
    }
    ids.describe(k, cls, f.index, o.line, o.column, this.run.below, this.run.fileOrder);
    f.described.push(o);
  }

  private duplicateDeclaration(o: CimObject, cls: string, f: FileState, k: number): void {
    const other = this.files[this.ids.file(k)]!;
    if (!(other.set && f.set && other.set.keywords.some((kw) => f.set?.keywords.includes(kw)))) return;
    this.findings.push({
      severity: 'error',
      rule: 'dup-id',
      message: `${objectLabel(cls, o.id, nameOf(o))} is also declared in ${other.input.name} line ${this.ids.line(k)} (both files are ${f.set.keywords.join('/')})`,
      file: f.input.name,
      line: o.line,
      column: o.column,
      subject: o.id,
      className: prefixed(cls),
    });
  }

  /** The location fields of a finding on property `p` of object `o`. */
  private propAt(f: FileState, o: CimObject, cls: string, iri: string, p: Property): Pick<Finding, 'file' | 'line' | 'column' | 'subject' | 'className' | 'property'> {
    return { file: f.input.name, line: p.line, column: p.column, subject: o.id, className: prefixed(cls), property: prefixed(iri) };
  }

  /**
   * A class or property in a namespace none of the file's vocabularies use (a file written in the
   * 2012 `CIM-schema-cim16` namespace, say): one finding per file and namespace, counting the
   * objects, instead of one per object. Returns true when the name was such a one.
   */
  private foreignNamespace(f: FileState, iri: string, line: number, column: number): boolean {
    const set = f.set as ProfileSet;
    const ns = iri.slice(0, Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/')) + 1);
    if (set.usesNamespace(ns)) return false;
    let seen = f.foreignNamespaces.get(ns);
    if (!seen) {
      const main = set.mainNamespace();
      seen = { count: 0, finding: { severity: 'error', rule: 'vocab-namespace', message: '', file: f.input.name, line, column, value: ns } };
      f.foreignNamespaces.set(ns, seen);
      this.findings.push(seen.finding);
      seen.finding.message = `namespace ${ns} is not one the declared profiles (${set.keywords.join(', ')}) use${main !== undefined ? ` (their CIM namespace is ${main})` : ''}`;
    }
    seen.count++;
    return true;
  }

  private unknownClass(o: CimObject, cls: string, f: FileState): void {
    const set = f.set as ProfileSet;
    if (this.foreignNamespace(f, cls, o.line, o.column)) return;
    this.findings.push({
      severity: 'error',
      rule: 'vocab-unknown-class',
      message: `${objectLabel(cls, o.id, nameOf(o))}: class ${prefixed(cls)} is not defined by the declared profiles (${set.keywords.join(', ')})`,
      file: f.input.name,
      line: o.line,
      column: o.column,
      subject: o.id,
      className: prefixed(cls),
    });
  }

  /**
   * Vocabulary checks of one property of an object of a known class. `lexOk` is whether a literal
   * parses as its datatype (`p.datatype`, else the vocabulary's), when the caller computed it.
   * Allocates nothing unless there is a finding.
   */
  private vocabProperty(o: CimObject, cls: string, f: FileState, pr: PropRule, p: Property, lexOk: boolean | undefined): void {
    const v = pr.vocab;
    if (pr.vocabState === VOCAB_OK) {
      if (v === undefined) return;
      if (v.kind === 'literal') {
        if (p.ref) {
          this.findings.push({
            severity: 'error',
            rule: 'vocab-value-kind',
            message: `${objectLabel(cls, o.id, nameOf(o))}: ${prefixed(pr.iri)} is an attribute (${datatypeLabel(v.datatype ?? '')}), written as a reference`,
            ...this.propAt(f, o, cls, pr.iri, p),
            value: p.value,
          });
        } else if (v.datatype !== undefined && !(lexOk ?? isLexicallyValid(p.datatype ?? v.datatype, p.value))) {
          this.findings.push({
            severity: 'error',
            rule: 'vocab-datatype',
            message: `${objectLabel(cls, o.id, nameOf(o))}: ${prefixed(pr.iri)} = '${p.value}' is not a valid ${datatypeLabel(p.datatype ?? v.datatype)}`,
            ...this.propAt(f, o, cls, pr.iri, p),
            value: p.value,
          });
        }
      } else if (!p.ref) {
        this.findings.push({
          severity: 'error',
          rule: 'vocab-value-kind',
          message: `${objectLabel(cls, o.id, nameOf(o))}: ${prefixed(pr.iri)} must be written as rdf:resource to ${v.kind === 'enum' ? 'a member of ' : 'an object of class '}${prefixed(v.range ?? '')}, found the literal '${p.value}'`,
          ...this.propAt(f, o, cls, pr.iri, p),
          value: p.value,
        });
      } else if (v.kind === 'enum' && !(pr.enumMembers as ReadonlySet<string>).has(p.value)) {
        const members = f.set?.vocab.enums[v.range ?? ''] ?? [];
        this.findings.push({
          severity: 'error',
          rule: 'vocab-enum',
          message: `${objectLabel(cls, o.id, nameOf(o))}: ${prefixed(pr.iri)} = ${prefixed(p.value)} is not a member of ${prefixed(v.range ?? '')} (${members.map((m) => prefixed(m).replace(/^.*\./, '')).join(', ')})`,
          ...this.propAt(f, o, cls, pr.iri, p),
          value: p.value,
        });
      }
      return;
    }
    const keywords = (f.set as ProfileSet).keywords.join(', ');
    if (pr.vocabState === VOCAB_UNKNOWN) {
      if (this.foreignNamespace(f, pr.iri, p.line, p.column)) return;
      this.findings.push({
        severity: 'error',
        rule: 'vocab-unknown-property',
        message: `${objectLabel(cls, o.id, nameOf(o))}: property ${prefixed(pr.iri)} is not defined by the declared profiles (${keywords})`,
        ...this.propAt(f, o, cls, pr.iri, p),
      });
    } else if (pr.vocabState === VOCAB_DOMAIN && v) {
      this.findings.push({
        severity: 'warning',
        rule: 'vocab-property-domain',
        message: `${objectLabel(cls, o.id, nameOf(o))}: property ${prefixed(pr.iri)} belongs to ${prefixed(v.domain)}, which ${prefixed(cls)} is not`,
        ...this.propAt(f, o, cls, pr.iri, p),
      });
    }
  }

  /** Vocabulary checks of one object of a Difference Model section (references are not recorded). */
  private vocabularyChecks(o: CimObject, cls: string, f: FileState, rules: ClassRules): void {
    const set = f.set as ProfileSet;
    if (!rules.known) {
      this.unknownClass(o, cls, f);
      return;
    }
    for (const p of o.properties) this.vocabProperty(o, cls, f, set.propRule(rules, p.ns, p.local), p, undefined);
  }

  /**
   * All checks of one object of file `f` with class `cls` (declared here or elsewhere), in one pass
   * over its properties: vocabulary, references, SHACL counts, values and closed shapes; what needs
   * other objects is kept as a deferred record.
   */
  check(o: CimObject, cls: string, f: FileState, written: string = cls, header = false): void {
    if (!f.set) {
      for (const p of o.properties) if (p.ref && !isExternalIri(p.value)) this.refs.push(f.index, o.id, cls, p.ns + p.local, normaliseId(p.value), undefined, p.line, p.column);
      return;
    }
    const set = f.set;
    let rules = set.classRules(cls);
    if (set.subjectsOfPredicates().length > 0) {
      const present = set.subjectsOfPresent(o.properties);
      if (present.length > 0) rules = set.classRulesWithSubjectsOf(cls, present);
    }
    // The vocabulary is asked about the class the file wrote; the shapes apply to the declared class.
    // The header (md:FullModel) has no vocabulary here: only the shapes that target it are checked.
    const known = header || rules.known || (written !== cls && set.definesClass(written));
    if (!known) this.unknownClass(o, written, f);
    const nSlots = rules.nSlots;
    let counts = this.counts;
    if (nSlots > 0) {
      if (counts.length < nSlots) this.counts = counts = new Int32Array(nSlots * 2);
      counts.fill(0, 0, nSlots);
    }
    let name: string | undefined;
    let deferredValues: StoredValue[] | undefined;
    const props = o.properties;
    for (let i = 0; i < props.length; i++) {
      const p = props[i]!;
      const pr = set.propRule(rules, p.ns, p.local);
      const ref = p.ref;
      let id: string | undefined;
      let lexOk: boolean | undefined;
      if (ref) {
        if (pr.enumMembers === undefined && !header && !isExternalIri(p.value)) {
          id = normaliseId(p.value);
          const range = pr.vocab?.kind === 'ref' ? pr.vocab.range : undefined;
          // Most references point back at objects already declared: those that resolve now are done
          // (a declaration's class never changes); the rest wait for every file to be read.
          if (!this.run.resolvesNow(id, range)) this.refs.push(f.index, o.id, cls, pr.iri, id, range, p.line, p.column);
        }
        if (pr.inverse) this.indexInverse(f, pr.iri, (id ??= normaliseId(p.value)), o.id);
      } else {
        if (p.local === NAME_LOCAL) name = p.value;
        if (pr.lexical !== undefined) lexOk = p.datatype === undefined ? pr.lexical(p.value) : isLexicallyValid(p.datatype, p.value);
      }
      if (known && !header) this.vocabProperty(o, cls, f, pr, p, lexOk);
      if (pr.keepForSet && !header) this.keepForSet(o.id, pr, p);
      if (pr.countSlot >= 0) (counts[pr.countSlot]!)++;
      if (!pr.shaclValue) continue;
      const langLiteral = !ref && p.lang !== undefined && p.datatype === undefined;
      const v = ref ? (id ??= normaliseId(p.value)) : p.value;
      const dt = ref ? '' : langLiteral ? RDF_LANG_STRING : (p.datatype ?? pr.datatype);
      const checks = pr.checks;
      for (let k = 0; k < checks.length; k++) {
        if ((checks[k]!).conforms(ref, v, dt, p.lang, langLiteral ? undefined : lexOk)) continue;
        const c = set.constraints[pr.valueChecks[k]!]!;
        const term = termOfValue(ref, v, dt, p.lang);
        for (const comp of failingComponents(c, term)) shaclFinding(this.findings, c, comp, { id: o.id, cls, name: name ?? nameOf(o), file: f.input.name, line: p.line, column: p.column }, term);
      }
      for (const s of pr.notAllowedBy) {
        closedFinding(this.findings, s, pr.iri, { id: o.id, cls, name: name ?? nameOf(o), file: f.input.name, line: p.line, column: p.column }, termOfValue(ref, v, dt, p.lang));
      }
      if (pr.deferred) {
        const sv: StoredValue = { p: pr.iri, ref, v, dt, line: p.line, column: p.column };
        if (p.lang !== undefined) sv.lang = p.lang;
        (deferredValues ??= []).push(sv);
      }
    }
    const file = f.input.name;
    for (const s of rules.typeNotAllowedBy) closedFinding(this.findings, s, RDF_TYPE, { id: o.id, cls, name: name ?? nameOf(o), file, line: o.line, column: o.column }, { iri: cls });
    if (nSlots > 0) {
      for (const { slot, c: ci } of rules.countChecks) {
        const c = set.constraints[ci]!;
        let n = counts[slot]!;
        if (c.minCount !== undefined && n < c.minCount) countFindings(this.findings, c, n, { id: o.id, cls, name: name ?? nameOf(o), file, line: o.line, column: o.column });
        else if (c.maxCount !== undefined && n > c.maxCount) {
          if (c.path.kind === 'pred') n = distinctCount(o, c.path.p, set);
          countFindings(this.findings, c, n, { id: o.id, cls, name: name ?? nameOf(o), file, line: o.line, column: o.column });
        }
      }
    }
    if (rules.deferred.length > 0) {
      const d: DeferredObject = { id: o.id, cls, name: name ?? nameOf(o), line: o.line, column: o.column, rules, values: deferredValues ?? NO_VALUES, valuesDone: false };
      if (allTyped(this.run, d.values)) {
        // Every referenced object is already declared, and a declaration's class never changes
        // (rdf:ID declarations only): the value-based constraints are final now; only inverse
        // paths, which need every file's subjects, wait for the end.
        deferredOne(this.run, f, set, d, true);
        if (rules.hasInverse) f.deferred.push({ ...d, values: NO_VALUES, valuesDone: true });
      } else f.deferred.push(d);
    }
  }

  /** Records `subject` as a subject of `pred` pointing at `target` (for inverse paths). */
  private indexInverse(f: FileState, pred: string, target: string, subject: string): void {
    let byTarget = f.inverse.get(pred);
    if (!byTarget) f.inverse.set(pred, (byTarget = new Map()));
    const list = byTarget.get(target);
    if (list === undefined) byTarget.set(target, [subject]);
    else if (list[list.length - 1] !== subject) list.push(subject);
  }

  /** Keeps a statement a set-scoped shape reads. */
  private keepForSet(subject: string, pr: PropRule, p: Property): void {
    if (p.ref) this.run.setGraph.add(subject, pr.iri, { iri: isExternalIri(p.value) ? p.value : nodeIri(normaliseId(p.value)) });
    else this.run.setGraph.add(subject, pr.iri, termOfValue(false, p.value, p.lang !== undefined && p.datatype === undefined ? RDF_LANG_STRING : (p.datatype ?? pr.datatype), p.lang));
  }
}

function distinctCount(o: CimObject, pred: string, set: ProfileSet): number {
  const seen = new Set<string>();
  for (const p of o.properties) {
    if (p.ns + p.local !== pred) continue;
    seen.add(p.ref ? `I${normaliseId(p.value)}` : `L${p.value}\u0000${p.datatype ?? (p.lang !== undefined ? RDF_LANG_STRING : set.literalDatatype(pred))}\u0000${p.lang ?? ''}`);
  }
  return seen.size;
}
