// `validateInputs`: streams every input once, checking header, vocabulary and the per-object SHACL
// constraints as each object closes, and keeps only what the cross-object checks need (identities
// with their class, references, deferred constraints); those run when every file has been read.
//
// SHACL semantics (see README "Validation"): each file is validated against the shapes of the
// profiles it declares, over a data graph made of the file's own statements, the rdf:type of every
// object of the set it mentions, and the rdfs:subClassOf edges of the vocabularies; focus nodes are
// the subjects the file describes.

import { expandInputs, readCimInput, type CimInput } from '../cim-xml/inputs.js';
import { normaliseId } from '../cim-xml/identity.js';
import type { CimObject, ModelHeader } from '../cim-xml/model.js';
import { isHeaderClass } from '../cim-xml/header.js';
import { compiledProfile } from '../profiles/cache.js';
import { loadRegistry, type ProfileEntry } from '../profiles/registry.js';
import type { CompiledProfile, PropertyConstraint, Severity, SkippedConstraint } from '../profiles/types.js';
import { checkHeader } from './header-checks.js';
import { Hierarchy, ProfileSet, RDF_TYPE, VOCAB_DOMAIN, VOCAB_UNKNOWN, type ClassRules } from './profile-set.js';
import { SHACL_RULE } from './rules.js';
import { failingComponents, idOfIri, nodeIri, pathLabel, prefixed, type ValueTerm } from './shacl-eval.js';
import type { FileSummary, Finding, ValidateOptions, ValidationReport } from './types.js';
import { datatypeLabel, isLexicallyValid, RDF_LANG_STRING } from './xsd.js';

/** Where an identity is declared (typed). */
interface Decl {
  cls: string;
  file: number;
  line: number;
  column: number;
}

/** One stored value of an object, for constraints that need other objects. */
interface StoredValue {
  p: string;
  term: ValueTerm;
  line: number;
  column: number;
}

interface DeferredObject {
  id: string;
  cls: string;
  name: string | undefined;
  line: number;
  column: number;
  rules: ClassRules;
  values: StoredValue[];
}

interface FileState {
  index: number;
  input: CimInput;
  summary: FileSummary;
  header?: ModelHeader;
  entries: ProfileEntry[];
  set?: ProfileSet;
  subjects: Set<string>;
  untyped: CimObject[];
  deferred: DeferredObject[];
  /** Inverse-path index: predicate → target id → subject ids. */
  inverse: Map<string, Map<string, string[]>>;
  firstRef: number;
  lastRef: number;
}

/** A reference to resolve once every file is read (parallel arrays keep memory low). */
class RefTable {
  file: number[] = [];
  subject: string[] = [];
  cls: string[] = [];
  pred: string[] = [];
  target: string[] = [];
  range: (string | undefined)[] = [];
  line: number[] = [];
  column: number[] = [];
  get length(): number {
    return this.file.length;
  }
  push(file: number, subject: string, cls: string, pred: string, target: string, range: string | undefined, line: number, column: number): void {
    this.file.push(file);
    this.subject.push(subject);
    this.cls.push(cls);
    this.pred.push(pred);
    this.target.push(target);
    this.range.push(range);
    this.line.push(line);
    this.column.push(column);
  }
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const NAME_LOCAL = 'IdentifiedObject.name';

function nameOf(o: CimObject): string | undefined {
  for (const p of o.properties) if (p.local === NAME_LOCAL && !p.ref) return p.value;
  return undefined;
}

function objectLabel(cls: string, id: string, name: string | undefined): string {
  return `${prefixed(cls)} ${name !== undefined ? `'${name}' ` : ''}(${id})`;
}

/** True for references that name no object (enumeration members and other absolute IRIs). */
function isExternalIri(raw: string): boolean {
  return raw.charCodeAt(0) !== 0x23 && !raw.startsWith('urn:uuid:') && raw.includes(':');
}

/** The validation run: state shared by the streaming and the cross-object phases. */
class Run {
  readonly findings: Finding[] = [];
  readonly files: FileState[] = [];
  readonly decl = new Map<string, Decl>();
  readonly described = new Set<string>();
  readonly refs = new RefTable();
  readonly sets = new Map<string, ProfileSet>();

  constructor(
    readonly registry: ReturnType<typeof loadRegistry>,
    readonly compiled: Map<ProfileEntry, CompiledProfile>,
    readonly hierarchy: Hierarchy,
  ) {}

  profileSet(entries: ProfileEntry[]): ProfileSet | undefined {
    if (entries.length === 0) return undefined;
    const key = entries.map((e) => e.id).join('+');
    let s = this.sets.get(key);
    if (!s) {
      s = new ProfileSet(
        entries.map((e) => this.compiled.get(e) as CompiledProfile),
        this.hierarchy,
      );
      this.sets.set(key, s);
    }
    return s;
  }

  async readFile(input: CimInput, index: number, onBytes: (n: number) => void): Promise<void> {
    const f: FileState = {
      index,
      input,
      summary: { file: input.name, profiles: [], keywords: [], objects: 0, bytes: input.bytes, ms: 0, counts: { error: 0, warning: 0, info: 0 } },
      entries: [],
      subjects: new Set(),
      untyped: [],
      deferred: [],
      inverse: new Map(),
      firstRef: this.refs.length,
      lastRef: this.refs.length,
    };
    this.files.push(f);
    const file = input.name;
    const stats = await readCimInput(
      input,
      {
        header: (h) => {
          f.header = h;
          f.summary.kind = h.kind;
          f.summary.modelId = h.id;
          f.summary.profiles = [...h.profiles];
          f.entries = checkHeader(h, file, this.registry, this.findings);
          const set = this.profileSet(f.entries);
          if (set) {
            f.set = set;
            f.summary.keywords = set.keywords;
          }
        },
        object: (o) => {
          if (o.section !== 'model') return this.differenceObject(o, f);
          this.object(o, f);
        },
        warning: (w) => {
          this.findings.push({ severity: 'warning', rule: 'reader-warning', message: `${w.code}: ${w.message}`, file, line: w.line, column: w.column });
        },
      },
      { onProgress: onBytes },
    );
    f.summary.objects = stats.objects;
    f.summary.bytes = stats.bytes;
    f.summary.ms = Math.round(stats.ms * 10) / 10;
    f.lastRef = this.refs.length;
    if (!f.header) {
      this.findings.push({ severity: 'error', rule: 'header-missing', message: 'the file has no model header (md:FullModel); its profile is unknown, so only references and identities were checked', file, line: 1, column: 1 });
    }
  }

  /** Objects of a Difference Model section: vocabulary checks of typed objects only. */
  private differenceObject(o: CimObject, f: FileState): void {
    if (o.local === '' || !f.set) return;
    const cls = o.ns + o.local;
    const rules = f.set.classRules(cls);
    this.vocabularyChecks(o, cls, f, rules, false);
  }

  private object(o: CimObject, f: FileState): void {
    if (isHeaderClass(o.ns, o.local)) return;
    const file = f.input.name;
    const id = o.id;
    if (f.subjects.has(id)) {
      this.findings.push({ severity: 'error', rule: 'dup-id', message: `${o.local ? prefixed(o.ns + o.local) : 'rdf:Description'} ${id} appears twice in this file`, file, line: o.line, column: o.column, subject: id });
    }
    f.subjects.add(id);
    this.described.add(id);
    if (o.local === '') {
      f.untyped.push(o);
      return;
    }
    const cls = o.ns + o.local;
    const prev = this.decl.get(id);
    if (prev === undefined) this.decl.set(id, { cls, file: f.index, line: o.line, column: o.column });
    else if (prev.file !== f.index) {
      const other = this.files[prev.file] as FileState;
      if (other.set && f.set && other.set.keywords.some((k) => f.set?.keywords.includes(k))) {
        this.findings.push({
          severity: 'error',
          rule: 'dup-id',
          message: `${objectLabel(cls, id, nameOf(o))} is also declared in ${other.input.name} line ${prev.line} (both files are ${f.set.keywords.join('/')})`,
          file,
          line: o.line,
          column: o.column,
          subject: id,
          className: prefixed(cls),
        });
      }
    }
    this.check(o, cls, f);
  }

  /** Vocabulary checks of one object; records its references. Returns false when the class is unknown. */
  private vocabularyChecks(o: CimObject, cls: string, f: FileState, rules: ClassRules, record: boolean): void {
    const set = f.set as ProfileSet;
    const file = f.input.name;
    const label = (): string => objectLabel(cls, o.id, nameOf(o));
    if (!rules.known) {
      this.findings.push({ severity: 'error', rule: 'vocab-unknown-class', message: `${label()}: class ${prefixed(cls)} is not defined by the declared profiles (${set.keywords.join(', ')})`, file, line: o.line, column: o.column, subject: o.id, className: prefixed(cls) });
    }
    for (const p of o.properties) {
      const pr = set.propRule(rules, p.ns, p.local);
      if (record && p.ref && pr.vocab?.kind !== 'enum' && !isExternalIri(p.value)) {
        this.refs.push(f.index, o.id, cls, pr.iri, normaliseId(p.value), pr.vocab?.kind === 'ref' ? pr.vocab.range : undefined, p.line, p.column);
      }
      if (!rules.known) continue;
      const at = { file, line: p.line, column: p.column, subject: o.id, className: prefixed(cls), property: prefixed(pr.iri) };
      if (pr.vocabState === VOCAB_UNKNOWN) {
        this.findings.push({ severity: 'error', rule: 'vocab-unknown-property', message: `${label()}: property ${prefixed(pr.iri)} is not defined by the declared profiles (${set.keywords.join(', ')})`, ...at });
        continue;
      }
      const v = pr.vocab;
      if (pr.vocabState === VOCAB_DOMAIN && v) {
        this.findings.push({ severity: 'warning', rule: 'vocab-property-domain', message: `${label()}: property ${prefixed(pr.iri)} belongs to ${prefixed(v.domain)}, which ${prefixed(cls)} is not`, ...at });
        continue;
      }
      if (!v) continue;
      if (v.kind === 'literal') {
        if (p.ref) {
          this.findings.push({ severity: 'error', rule: 'vocab-value-kind', message: `${label()}: ${prefixed(pr.iri)} is an attribute (${datatypeLabel(v.datatype ?? '')}), written as a reference`, ...at, value: p.value });
        } else if (v.datatype !== undefined && !isLexicallyValid(p.datatype ?? v.datatype, p.value)) {
          this.findings.push({ severity: 'error', rule: 'vocab-datatype', message: `${label()}: ${prefixed(pr.iri)} = '${p.value}' is not a valid ${datatypeLabel(p.datatype ?? v.datatype)}`, ...at, value: p.value });
        }
      } else if (!p.ref) {
        this.findings.push({ severity: 'error', rule: 'vocab-value-kind', message: `${label()}: ${prefixed(pr.iri)} must be written as rdf:resource to ${v.kind === 'enum' ? 'a member of ' : 'an object of class '}${prefixed(v.range ?? '')}, found the literal '${p.value}'`, ...at, value: p.value });
      } else if (v.kind === 'enum') {
        const members = set.vocab.enums[v.range ?? ''] ?? [];
        if (!members.includes(p.value)) {
          this.findings.push({ severity: 'error', rule: 'vocab-enum', message: `${label()}: ${prefixed(pr.iri)} = ${prefixed(p.value)} is not a member of ${prefixed(v.range ?? '')} (${members.map((m) => prefixed(m).replace(/^.*\./, '')).join(', ')})`, ...at, value: p.value });
        }
      }
    }
  }

  /** All checks of one object of file `f` with class `cls` (declared here or elsewhere). */
  check(o: CimObject, cls: string, f: FileState): void {
    if (!f.set) {
      for (const p of o.properties) if (p.ref && !isExternalIri(p.value)) this.refs.push(f.index, o.id, cls, p.ns + p.local, normaliseId(p.value), undefined, p.line, p.column);
      return;
    }
    const set = f.set;
    const soPreds = set.subjectsOfPredicates();
    const rules = soPreds.length === 0 ? set.classRules(cls) : set.classRulesWithSubjectsOf(cls, soPreds.filter((p) => o.properties.some((x) => x.ns + x.local === p)));
    this.vocabularyChecks(o, cls, f, rules, true);
    const file = f.input.name;
    const counts = rules.nSlots > 0 ? new Int32Array(rules.nSlots) : undefined;
    let name: string | undefined;
    let deferredValues: StoredValue[] | undefined;
    const deferredPreds = rules.deferred.length > 0 ? this.deferredPredicates(set, rules) : undefined;
    for (const p of o.properties) {
      const pr = set.propRule(rules, p.ns, p.local);
      if (p.local === NAME_LOCAL) name = p.value;
      if (p.ref && set.inversePreds.has(pr.iri)) {
        const target = normaliseId(p.value);
        let byTarget = f.inverse.get(pr.iri);
        if (!byTarget) f.inverse.set(pr.iri, (byTarget = new Map()));
        const list = byTarget.get(target);
        if (list) {
          if (!list.includes(o.id)) list.push(o.id);
        } else byTarget.set(target, [o.id]);
      }
      if (counts && pr.countSlot >= 0) (counts[pr.countSlot] as number)++;
      const needTerm = pr.valueChecks.length > 0 || pr.notAllowedBy.length > 0 || deferredPreds?.has(pr.iri) === true;
      if (!needTerm) continue;
      const term = this.termOf(p.ref, p.value, p.datatype, p.lang, pr.datatype);
      for (const ci of pr.valueChecks) {
        const c = set.constraints[ci] as PropertyConstraint;
        for (const comp of failingComponents(c, term)) this.shaclFinding(c, comp, o.id, cls, name ?? nameOf(o), file, p.line, p.column, term);
      }
      for (const s of pr.notAllowedBy) {
        this.closedFinding(s.shape, s.severity, s.message, pr.iri, o.id, cls, name ?? nameOf(o), file, p.line, p.column, term);
      }
      if (deferredPreds?.has(pr.iri)) (deferredValues ??= []).push({ p: pr.iri, term, line: p.line, column: p.column });
    }
    for (const s of rules.typeNotAllowedBy) this.closedFinding(s.shape, s.severity, s.message, RDF_TYPE, o.id, cls, name ?? nameOf(o), file, o.line, o.column, { iri: cls });
    if (counts) {
      for (const { slot, c: ci } of rules.countChecks) {
        const c = set.constraints[ci] as PropertyConstraint;
        let n = counts[slot] as number;
        if (c.maxCount !== undefined && n > c.maxCount && c.path.kind === 'pred') n = distinctCount(o, c.path.p, set);
        this.countFindings(c, n, o.id, cls, name ?? nameOf(o), file, o.line, o.column);
      }
    }
    if (rules.deferred.length > 0) {
      f.deferred.push({ id: o.id, cls, name: name ?? nameOf(o), line: o.line, column: o.column, rules, values: deferredValues ?? [] });
    }
  }

  private deferredPredicates(set: ProfileSet, rules: ClassRules): Set<string> {
    const cached = (rules as ClassRules & { deferredPreds?: Set<string> }).deferredPreds;
    if (cached) return cached;
    const out = new Set<string>();
    for (const ci of rules.deferred) {
      const c = set.constraints[ci] as PropertyConstraint;
      if (c.path.kind === 'pred') out.add(c.path.p);
      else if (c.path.kind === 'seq' && !c.path.steps[0]?.inv) out.add(c.path.steps[0]?.p ?? '');
    }
    (rules as ClassRules & { deferredPreds?: Set<string> }).deferredPreds = out;
    return out;
  }

  termOf(ref: boolean, value: string, datatype: string | undefined, lang: string | undefined, vocabDatatype: string): ValueTerm {
    if (ref) return { iri: nodeIri(normaliseId(value)) };
    if (lang !== undefined && datatype === undefined) return { literal: value, datatype: RDF_LANG_STRING, lang };
    return { literal: value, datatype: datatype ?? vocabDatatype };
  }

  private countFindings(c: PropertyConstraint, n: number, id: string, cls: string, name: string | undefined, file: string, line: number, column: number): void {
    if (c.minCount !== undefined && n < c.minCount) this.shaclFinding(c, 'sh:MinCountConstraintComponent', id, cls, name, file, line, column, undefined, `has ${n} value(s), at least ${c.minCount} required`);
    if (c.maxCount !== undefined && n > c.maxCount) this.shaclFinding(c, 'sh:MaxCountConstraintComponent', id, cls, name, file, line, column, undefined, `has ${n} values, at most ${c.maxCount} allowed`);
  }

  shaclFinding(c: PropertyConstraint, component: string, id: string, cls: string, name: string | undefined, file: string, line: number, column: number, value: ValueTerm | undefined, detail?: string): void {
    const path = pathLabel(c.path);
    const v = value === undefined ? undefined : 'iri' in value ? idOfIri(value.iri) : value.literal;
    const what = detail ?? (v !== undefined ? `value '${'iri' in (value as ValueTerm) ? prefixed(v) : v}' fails ${component.replace('ConstraintComponent', '')}` : component);
    const f: Finding = {
      severity: c.severity,
      rule: SHACL_RULE[component] ?? 'shacl',
      message: `${objectLabel(cls, id, name)}: ${path} ${what}${c.message ? ` — ${c.message}` : ''}`,
      file,
      line,
      column,
      subject: id,
      className: prefixed(cls),
      property: path,
      shape: c.shape,
      component,
    };
    if (v !== undefined) f.value = v;
    this.findings.push(f);
  }

  private closedFinding(shape: string, severity: Severity, message: string | undefined, pred: string, id: string, cls: string, name: string | undefined, file: string, line: number, column: number, value: ValueTerm): void {
    const v = 'iri' in value ? idOfIri(value.iri) : value.literal;
    this.findings.push({
      severity,
      rule: 'shacl-closed',
      message: `${objectLabel(cls, id, name)}: ${prefixed(pred)} is not allowed by the closed shape${message ? ` — ${message}` : ''}`,
      file,
      line,
      column,
      subject: id,
      className: prefixed(cls),
      property: prefixed(pred),
      shape,
      component: 'sh:ClosedConstraintComponent',
      value: v,
    });
  }

  /** The cross-object phase: untyped descriptions, deferred constraints, references, headers, cases. */
  finish(): void {
    for (const f of this.files) {
      for (const o of f.untyped) {
        const d = this.decl.get(o.id);
        if (!d) {
          this.findings.push({ severity: 'warning', rule: 'desc-untyped', message: `rdf:Description ${o.id} describes an object that no file given declares with a class; its properties were not checked`, file: f.input.name, line: o.line, column: o.column, subject: o.id });
          for (const p of o.properties) if (p.ref && !isExternalIri(p.value)) this.refs.push(f.index, o.id, '', p.ns + p.local, normaliseId(p.value), undefined, p.line, p.column);
          continue;
        }
        this.check(o, d.cls, f);
      }
      f.untyped = [];
    }
    for (const f of this.files) this.deferredChecks(f);
    this.resolveReferences();
    this.headerLinks();
  }

  private deferredChecks(f: FileState): void {
    const set = f.set;
    if (!set) return;
    const file = f.input.name;
    for (const d of f.deferred) {
      for (const ci of d.rules.deferred) {
        const c = set.constraints[ci] as PropertyConstraint;
        let values: ValueTerm[];
        let line = d.line;
        let column = d.column;
        if (c.path.kind === 'pred') {
          // Simple path with sh:class: only the class component is left (values and counts were checked while streaming).
          for (const sv of d.values) {
            if (sv.p !== c.path.p) continue;
            for (const cls of c.classes ?? []) {
              if (!this.isInstance(sv.term, cls)) this.shaclFinding(c, 'sh:ClassConstraintComponent', d.id, d.cls, d.name, file, sv.line, sv.column, sv.term, `value '${'iri' in sv.term ? idOfIri(sv.term.iri) : sv.term.literal}' is not a ${prefixed(cls)}`);
            }
          }
          continue;
        }
        if (c.path.kind === 'inv') {
          values = (f.inverse.get(c.path.p)?.get(d.id) ?? []).map((s) => ({ iri: nodeIri(s) }));
        } else {
          const first = c.path.steps[0] as { p: string };
          const types = new Set<string>();
          if (c.path.steps.length === 2) {
            for (const sv of d.values) {
              if (sv.p !== first.p || !('iri' in sv.term)) continue;
              const decl = this.decl.get(idOfIri(sv.term.iri));
              if (decl) {
                types.add(decl.cls);
                line = sv.line;
                column = sv.column;
              }
            }
          }
          values = [...types].map((iri) => ({ iri }));
        }
        this.countFindings(c, values.length, d.id, d.cls, d.name, file, d.line, d.column);
        for (const v of values) {
          for (const comp of failingComponents(c, v)) this.shaclFinding(c, comp, d.id, d.cls, d.name, file, line, column, v);
          for (const cls of c.classes ?? []) if (!this.isInstance(v, cls)) this.shaclFinding(c, 'sh:ClassConstraintComponent', d.id, d.cls, d.name, file, line, column, v);
        }
      }
    }
    f.deferred = [];
  }

  private isInstance(v: ValueTerm, cls: string): boolean {
    if (!('iri' in v)) return false;
    const d = this.decl.get(idOfIri(v.iri));
    return d !== undefined && this.hierarchy.ancestors(d.cls).has(cls);
  }

  private resolveReferences(): void {
    const modelIds = new Set(this.files.map((f) => f.header?.id).filter((x): x is string => x !== undefined));
    const r = this.refs;
    for (let i = 0; i < r.length; i++) {
      const target = r.target[i] as string;
      const f = this.files[r.file[i] as number] as FileState;
      const d = this.decl.get(target);
      const subject = r.subject[i] as string;
      const cls = r.cls[i] as string;
      const at = { file: f.input.name, line: r.line[i] as number, column: r.column[i] as number, subject, property: prefixed(r.pred[i] as string), value: target };
      const who = `${cls ? prefixed(cls) : 'rdf:Description'} ${subject}`;
      if (d) {
        const range = r.range[i];
        if (range !== undefined && !this.hierarchy.ancestors(d.cls).has(range)) {
          const where = d.file === f.index ? '' : ` (in ${(this.files[d.file] as FileState).input.name})`;
          this.findings.push({ severity: 'error', rule: 'ref-class', message: `${who}: ${prefixed(r.pred[i] as string)} points at ${prefixed(d.cls)} ${target}${where}, expected a ${prefixed(range)}`, ...at, ...(cls ? { className: prefixed(cls) } : {}) });
        }
        continue;
      }
      if (this.described.has(target)) continue;
      const missing = (f.header?.dependentOn ?? []).filter((m) => !modelIds.has(m));
      this.findings.push({
        severity: missing.length > 0 ? 'warning' : 'error',
        rule: 'ref-unresolved',
        message: `${who}: ${prefixed(r.pred[i] as string)} points at ${target}, which no file given declares${missing.length > 0 ? ` (it may be in ${missing.join(', ')}, which this file depends on but was not given)` : ''}`,
        ...at,
        ...(cls ? { className: prefixed(cls) } : {}),
      });
    }
  }

  private headerLinks(): void {
    const modelIds = new Set(this.files.map((f) => f.header?.id).filter((x): x is string => x !== undefined));
    for (const f of this.files) {
      const h = f.header;
      if (!h) continue;
      const deps = h.object.properties.filter((p) => p.local === 'Model.DependentOn' || p.local === 'requires');
      h.dependentOn.forEach((m, i) => {
        if (modelIds.has(m)) return;
        const p = deps[i];
        this.findings.push({ severity: 'warning', rule: 'header-dependency-missing', message: `the model depends on ${m}, which is not among the files given; references into it cannot be checked`, file: f.input.name, line: p?.line ?? h.object.line, column: p?.column ?? h.object.column, property: 'md:Model.DependentOn', value: m });
      });
    }
    // Case consistency: the files of one zip (a case) agree on authority and scenario time.
    const byZip = new Map<string, FileState[]>();
    for (const f of this.files) {
      if (f.input.entry === undefined || !f.header || f.entries.some((e) => e.boundary)) continue;
      (byZip.get(f.input.path) ?? byZip.set(f.input.path, []).get(f.input.path))?.push(f);
    }
    for (const group of byZip.values()) {
      const first = group[0] as FileState;
      for (const f of group.slice(1)) {
        const h = f.header as ModelHeader;
        const h0 = first.header as ModelHeader;
        if (h.modelingAuthoritySet !== h0.modelingAuthoritySet) {
          this.findings.push({ severity: 'error', rule: 'case-mas-mismatch', message: `Model.modelingAuthoritySet '${h.modelingAuthoritySet ?? ''}' differs from '${h0.modelingAuthoritySet ?? ''}' in ${first.input.name} (same case)`, file: f.input.name, line: h.object.line, column: h.object.column, property: 'md:Model.modelingAuthoritySet' });
        }
        if (h.scenarioTime !== h0.scenarioTime) {
          this.findings.push({ severity: 'error', rule: 'case-scenario-mismatch', message: `Model.scenarioTime '${h.scenarioTime ?? ''}' differs from '${h0.scenarioTime ?? ''}' in ${first.input.name} (same case)`, file: f.input.name, line: h.object.line, column: h.object.column, property: 'md:Model.scenarioTime' });
        }
      }
    }
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

/** Compiles (or loads from cache) every profile of the registry and the class hierarchy they define. */
export async function prepareProfiles(profilesDir?: string): Promise<{ registry: ReturnType<typeof loadRegistry>; compiled: Map<ProfileEntry, CompiledProfile>; hierarchy: Hierarchy }> {
  const registry = loadRegistry(profilesDir);
  const compiled = new Map<ProfileEntry, CompiledProfile>();
  const hierarchy = new Hierarchy();
  for (const e of registry.entries) {
    const c = await compiledProfile(e);
    compiled.set(e, c);
    hierarchy.add(c.vocabulary);
  }
  return { registry, compiled, hierarchy };
}

/** Validates CIM inputs (files, folders, zips, `a.zip:entry`) against their declared profiles. */
export async function validateInputs(inputs: string[], options: ValidateOptions = {}): Promise<ValidationReport> {
  const sources = await expandInputs(inputs);
  const { registry, compiled, hierarchy } = await prepareProfiles(options.profilesDir);
  const run = new Run(registry, compiled, hierarchy);
  const totalBytes = sources.reduce((n, s) => n + s.bytes, 0);
  let done = 0;
  for (const [i, s] of sources.entries()) {
    await run.readFile(s, i, (n) => options.onProgress?.({ file: s.name, fileIndex: i, files: sources.length, bytes: done + n, totalBytes }));
    done += s.bytes;
  }
  run.finish();
  return buildReport(run, options.severity ?? 'info');
}

function buildReport(run: Run, severity: Severity): ValidationReport {
  const order = new Map(run.files.map((f) => [f.input.name, f.index]));
  const findings = run.findings
    .filter((f) => SEVERITY_RANK[f.severity] <= SEVERITY_RANK[severity])
    .map((f, i) => ({ f, i }))
    .sort((a, b) => (order.get(a.f.file) ?? 0) - (order.get(b.f.file) ?? 0) || (a.f.line ?? 0) - (b.f.line ?? 0) || (a.f.column ?? 0) - (b.f.column ?? 0) || a.i - b.i)
    .map((x) => x.f);
  const counts = { error: 0, warning: 0, info: 0 };
  const byFile = new Map(run.files.map((f) => [f.input.name, f.summary]));
  for (const f of findings) {
    counts[f.severity]++;
    const s = byFile.get(f.file);
    if (s) s.counts[f.severity]++;
  }
  const skipped: SkippedConstraint[] = [];
  const seen = new Set<string>();
  for (const f of run.files) {
    for (const e of f.entries) {
      for (const s of (run.compiled.get(e) as CompiledProfile).shapes.skipped) {
        const key = `${s.shape}\u0000${s.component}`;
        if (seen.has(key)) continue;
        seen.add(key);
        skipped.push(s);
      }
    }
  }
  return { findings, files: run.files.map((f) => f.summary), counts, skipped };
}
