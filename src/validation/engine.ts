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
import type { CimObject, ModelHeader, Property } from '../cim-xml/model.js';
import { isHeaderClass } from '../cim-xml/header.js';
import { compiledProfile } from '../profiles/cache.js';
import { loadRegistry, type ProfileEntry } from '../profiles/registry.js';
import type { CompiledProfile, PropertyConstraint, Severity, SkippedConstraint } from '../profiles/types.js';
import { differenceFindings } from './difference-check.js';
import { Identities } from './identities.js';
import { manifestFindings, uniqueInputs } from './input-set.js';
import { readManifestInput, type Manifest } from '../cim-xml/manifest.js';
import { isLtdsError } from '../errors/index.js';
import { checkHeader } from './header-checks.js';
import { ValueCheck } from './fast-check.js';
import { Hierarchy, ProfileSet, RDF_TYPE, VOCAB_DOMAIN, VOCAB_OK, VOCAB_UNKNOWN, type ClassRules, type PropRule } from './profile-set.js';
import { SHACL_RULE } from './rules.js';
import { failingComponents, idOfIri, nodeIri, pathLabel, prefixed, type ValueTerm } from './shacl-eval.js';
import type { FileSummary, Finding, ValidateOptions, ValidationReport } from './types.js';
import { SetGraph } from './set-shapes.js';
import { datatypeLabel, isLexicallyValid, RDF_LANG_STRING } from './xsd.js';

/** One stored value of an object, for constraints that need other objects. */
interface StoredValue {
  p: string;
  /** True for a reference: `v` is then the normalised identity. */
  ref: boolean;
  v: string;
  /** The literal's datatype ('' for references). */
  dt: string;
  lang?: string;
  line: number;
  column: number;
}

const NO_VALUES: StoredValue[] = [];
const NO_IDS: readonly string[] = [];

/** The RDF term of a value (built only for findings). */
function termOfValue(ref: boolean, v: string, dt: string, lang: string | undefined): ValueTerm {
  if (ref) return { iri: nodeIri(v) };
  if (dt === RDF_LANG_STRING && lang !== undefined) return { literal: v, datatype: dt, lang };
  return { literal: v, datatype: dt };
}

interface DeferredObject {
  id: string;
  cls: string;
  name: string | undefined;
  line: number;
  column: number;
  rules: ClassRules;
  values: StoredValue[];
  /** True when the value-based constraints (sh:class, `p rdf:type`) were already evaluated while streaming. */
  valuesDone: boolean;
}

interface FileState {
  index: number;
  input: CimInput;
  summary: FileSummary;
  header?: ModelHeader;
  entries: ProfileEntry[];
  set?: ProfileSet;
  untyped: CimObject[];
  /** Typed rdf:about descriptions of objects not declared (rdf:ID) when they were read. */
  described: CimObject[];
  /** True when the file declares objects with rdf:ID. */
  declares: boolean;
  /** Namespaces no declared vocabulary uses, met in this file: the one finding of each, and how many names. */
  foreignNamespaces: Map<string, { count: number; finding: Finding }>;
  deferred: DeferredObject[];
  /** Inverse-path index: predicate → target id → subject ids. */
  inverse: Map<string, Map<string, string[]>>;
  firstRef: number;
  lastRef: number;
}

/** The files given that a file depends on, and whether its whole dependency chain was given. */
interface Closure {
  files: number[];
  complete: boolean;
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
  readonly ids = new Identities();
  /** `ns` → `local` → class IRI, so each class IRI string is built (and hashed) once. */
  private readonly classIris = new Map<string, Map<string, string>>();
  readonly refs = new RefTable();
  readonly sets = new Map<string, ProfileSet>();
  /** Scratch per-object counts of the simple-path count constraints. */
  private counts = new Int32Array(64);
  /** The statements the set-scoped shapes read (src/validation/set-shapes.ts). */
  private readonly setGraph: SetGraph;
  /** Their predicates, or undefined when no profile in use has set-scoped shapes (nothing is kept). */
  private readonly setPredicates: ReadonlySet<string> | undefined;

  constructor(
    readonly registry: ReturnType<typeof loadRegistry>,
    readonly compiled: Map<ProfileEntry, CompiledProfile>,
    readonly hierarchy: Hierarchy,
  ) {
    this.setGraph = new SetGraph([...compiled.values()].flatMap((c) => c.setShapes ?? []));
    this.setPredicates = this.setGraph.empty ? undefined : this.setGraph.predicates;
  }

  /** Keeps a statement a set-scoped shape reads. */
  private keepForSet(subject: string, pr: PropRule, p: Property): void {
    if (p.ref) this.setGraph.add(subject, pr.iri, { iri: isExternalIri(p.value) ? p.value : nodeIri(normaliseId(p.value)) });
    else this.setGraph.add(subject, pr.iri, termOfValue(false, p.value, p.lang !== undefined && p.datatype === undefined ? RDF_LANG_STRING : (p.datatype ?? pr.datatype), p.lang));
  }

  profileSet(declared: ProfileEntry[]): ProfileSet | undefined {
    const entries = declared.filter((e) => this.compiled.has(e));
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

  /** Summaries of inputs that could not be read before their header (no FileState). */
  readonly unreadableFiles: FileSummary[] = [];

  /** Reports an input that could not be read; `partial` is its state when the header had been read. */
  unreadable(input: CimInput, err: unknown, partial?: FileState): void {
    const e = err as { code?: string; message?: string; line?: number; column?: number };
    const reason = `${e.code !== undefined ? `${e.code}: ` : ''}${isLtdsError(err) ? err.reason : (e.message ?? String(err))}`;
    const cause = { code: e.code ?? 'INPUT_UNREADABLE', message: isLtdsError(err) ? err.reason : (e.message ?? String(err)) };
    this.findings.push({ severity: 'error', rule: 'input-unreadable', message: `the file could not be read${partial?.input === input ? ' to its end' : ''}: ${reason}; the other files were still checked`, file: input.name, line: e.line ?? 1, column: e.column ?? 1, cause });
    if (partial?.input === input) {
      partial.summary.readError = reason;
      return;
    }
    this.unreadableFiles.push({ file: input.name, profiles: [], keywords: [], objects: 0, bytes: input.bytes, ms: 0, counts: { error: 0, warning: 0, info: 0 }, readError: reason });
  }

  private vocabulariesOnly: ProfileSet | undefined;

  /**
   * For a file whose profiles are all unknown: every vocabulary of the registry (no shapes), so its
   * classes and properties are still checked against the vocabularies that define them.
   */
  vocabularySet(): ProfileSet | undefined {
    if (this.vocabulariesOnly) return this.vocabulariesOnly;
    const profiles = [...this.compiled.values()].map((c) => ({ ...c, keyword: 'vocabularies', shapes: { nodeShapes: [], properties: [], skipped: [] } }));
    if (profiles.length === 0) return undefined;
    this.vocabulariesOnly = new ProfileSet(profiles, this.hierarchy);
    return this.vocabulariesOnly;
  }

  async readFile(input: CimInput, index: number, onBytes: (n: number) => void): Promise<void> {
    const f: FileState = {
      index,
      input,
      summary: { file: input.name, profiles: [], keywords: [], objects: 0, bytes: input.bytes, ms: 0, counts: { error: 0, warning: 0, info: 0 } },
      entries: [],
      untyped: [],
      described: [],
      declares: false,
      foreignNamespaces: new Map(),
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
          const set = f.entries.length === 0 && h.profiles.length > 0 ? this.vocabularySet() : this.profileSet(f.entries);
          if (set) {
            f.set = set;
            f.summary.keywords = set.keywords;
            // Shapes that target the header itself (the rule file profiles/ltds-rules/qocdc-header.ttl).
            const hc = this.classIri(h.object.ns, h.object.local);
            if (set.classRules(hc).constraints.length > 0) this.check(h.object, hc, f, hc, true);
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
    const cls = this.classIri(o.ns, o.local);
    const rules = f.set.classRules(cls);
    this.vocabularyChecks(o, cls, f, rules);
  }

  private classIri(ns: string, local: string): string {
    let byLocal = this.classIris.get(ns);
    if (!byLocal) this.classIris.set(ns, (byLocal = new Map()));
    let iri = byLocal.get(local);
    if (iri === undefined) byLocal.set(local, (iri = ns + local));
    return iri;
  }

  private object(o: CimObject, f: FileState): void {
    if (isHeaderClass(o.ns, o.local)) return;
    const id = o.id;
    const ids = this.ids;
    const typed = o.local !== '';
    const cls = typed ? this.classIri(o.ns, o.local) : '';
    let k = ids.find(id);
    if (k < 0) k = ids.add(id, f.index, o.line, o.column);
    else {
      if (ids.lastFile(k) === f.index) {
        this.findings.push({ severity: 'error', rule: 'dup-id', message: `${typed ? prefixed(cls) : 'rdf:Description'} ${id} appears twice in this file`, file: f.input.name, line: o.line, column: o.column, subject: id });
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
      this.check(o, this.effectiveClass(ids.cls[k] as string, cls), f, cls);
      return;
    }
    // A typed rdf:about description: checked now with the declared class when the declaration has
    // been read, else at the end, when every declaration is known (so no reading order changes it).
    if (ids.isDeclared(k)) {
      this.check(o, this.effectiveClass(ids.cls[k] as string, cls), f, cls);
      return;
    }
    ids.describe(k, cls, f.index, o.line, o.column, this.below, this.fileOrder);
    f.described.push(o);
  }

  /** a is a strict subclass of b. */
  private readonly below = (a: string, b: string): boolean => a !== b && this.hierarchy.ancestors(a).has(b);

  /** Input files compared by name (a stable order whatever order they were given in). */
  private readonly fileOrder = (a: number, b: number): number => {
    const x = (this.files[a] as FileState).input.name;
    const y = (this.files[b] as FileState).input.name;
    return x < y ? -1 : x > y ? 1 : 0;
  };

  /** The class a description of an object declared as `declared` is checked with: the written one only when it narrows. */
  private effectiveClass(declared: string, written: string): string {
    return written !== declared && this.below(written, declared) ? written : declared;
  }

  private duplicateDeclaration(o: CimObject, cls: string, f: FileState, k: number): void {
    const other = this.files[this.ids.file(k)] as FileState;
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
    this.findings.push({ severity: 'error', rule: 'vocab-unknown-class', message: `${objectLabel(cls, o.id, nameOf(o))}: class ${prefixed(cls)} is not defined by the declared profiles (${set.keywords.join(', ')})`, file: f.input.name, line: o.line, column: o.column, subject: o.id, className: prefixed(cls) });
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
          this.findings.push({ severity: 'error', rule: 'vocab-value-kind', message: `${objectLabel(cls, o.id, nameOf(o))}: ${prefixed(pr.iri)} is an attribute (${datatypeLabel(v.datatype ?? '')}), written as a reference`, ...this.propAt(f, o, cls, pr.iri, p), value: p.value });
        } else if (v.datatype !== undefined && !(lexOk ?? isLexicallyValid(p.datatype ?? v.datatype, p.value))) {
          this.findings.push({ severity: 'error', rule: 'vocab-datatype', message: `${objectLabel(cls, o.id, nameOf(o))}: ${prefixed(pr.iri)} = '${p.value}' is not a valid ${datatypeLabel(p.datatype ?? v.datatype)}`, ...this.propAt(f, o, cls, pr.iri, p), value: p.value });
        }
      } else if (!p.ref) {
        this.findings.push({ severity: 'error', rule: 'vocab-value-kind', message: `${objectLabel(cls, o.id, nameOf(o))}: ${prefixed(pr.iri)} must be written as rdf:resource to ${v.kind === 'enum' ? 'a member of ' : 'an object of class '}${prefixed(v.range ?? '')}, found the literal '${p.value}'`, ...this.propAt(f, o, cls, pr.iri, p), value: p.value });
      } else if (v.kind === 'enum' && !(pr.enumMembers as ReadonlySet<string>).has(p.value)) {
        const members = f.set?.vocab.enums[v.range ?? ''] ?? [];
        this.findings.push({ severity: 'error', rule: 'vocab-enum', message: `${objectLabel(cls, o.id, nameOf(o))}: ${prefixed(pr.iri)} = ${prefixed(p.value)} is not a member of ${prefixed(v.range ?? '')} (${members.map((m) => prefixed(m).replace(/^.*\./, '')).join(', ')})`, ...this.propAt(f, o, cls, pr.iri, p), value: p.value });
      }
      return;
    }
    const keywords = (f.set as ProfileSet).keywords.join(', ');
    if (pr.vocabState === VOCAB_UNKNOWN) {
      if (this.foreignNamespace(f, pr.iri, p.line, p.column)) return;
      this.findings.push({ severity: 'error', rule: 'vocab-unknown-property', message: `${objectLabel(cls, o.id, nameOf(o))}: property ${prefixed(pr.iri)} is not defined by the declared profiles (${keywords})`, ...this.propAt(f, o, cls, pr.iri, p) });
    } else if (pr.vocabState === VOCAB_DOMAIN && v) {
      this.findings.push({ severity: 'warning', rule: 'vocab-property-domain', message: `${objectLabel(cls, o.id, nameOf(o))}: property ${prefixed(pr.iri)} belongs to ${prefixed(v.domain)}, which ${prefixed(cls)} is not`, ...this.propAt(f, o, cls, pr.iri, p) });
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
    const setPredicates = this.setPredicates;
    const props = o.properties;
    for (let i = 0; i < props.length; i++) {
      const p = props[i] as Property;
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
          if (!this.resolvesNow(id, range)) this.refs.push(f.index, o.id, cls, pr.iri, id, range, p.line, p.column);
        }
        if (pr.inverse) this.indexInverse(f, pr.iri, (id ??= normaliseId(p.value)), o.id);
      } else {
        if (p.local === NAME_LOCAL) name = p.value;
        if (pr.lexical !== undefined) lexOk = p.datatype === undefined ? pr.lexical(p.value) : isLexicallyValid(p.datatype, p.value);
      }
      if (known && !header) this.vocabProperty(o, cls, f, pr, p, lexOk);
      if (setPredicates !== undefined && !header && setPredicates.has(pr.iri)) this.keepForSet(o.id, pr, p);
      if (pr.countSlot >= 0) (counts[pr.countSlot] as number)++;
      if (!pr.shaclValue) continue;
      const langLiteral = !ref && p.lang !== undefined && p.datatype === undefined;
      const v = ref ? (id ??= normaliseId(p.value)) : p.value;
      const dt = ref ? '' : langLiteral ? RDF_LANG_STRING : (p.datatype ?? pr.datatype);
      const checks = pr.checks;
      for (let k = 0; k < checks.length; k++) {
        if ((checks[k] as ValueCheck).conforms(ref, v, dt, p.lang, langLiteral ? undefined : lexOk)) continue;
        const c = set.constraints[pr.valueChecks[k] as number] as PropertyConstraint;
        const term = termOfValue(ref, v, dt, p.lang);
        for (const comp of failingComponents(c, term)) this.shaclFinding(c, comp, o.id, cls, name ?? nameOf(o), f.input.name, p.line, p.column, term);
      }
      for (const s of pr.notAllowedBy) {
        this.closedFinding(s.shape, s.severity, s.message, pr.iri, o.id, cls, name ?? nameOf(o), f.input.name, p.line, p.column, termOfValue(ref, v, dt, p.lang));
      }
      if (pr.deferred) {
        const sv: StoredValue = { p: pr.iri, ref, v, dt, line: p.line, column: p.column };
        if (p.lang !== undefined) sv.lang = p.lang;
        (deferredValues ??= []).push(sv);
      }
    }
    const file = f.input.name;
    for (const s of rules.typeNotAllowedBy) this.closedFinding(s.shape, s.severity, s.message, RDF_TYPE, o.id, cls, name ?? nameOf(o), file, o.line, o.column, { iri: cls });
    if (nSlots > 0) {
      for (const { slot, c: ci } of rules.countChecks) {
        const c = set.constraints[ci] as PropertyConstraint;
        let n = counts[slot] as number;
        if (c.minCount !== undefined && n < c.minCount) this.countFindings(c, n, o.id, cls, name ?? nameOf(o), file, o.line, o.column);
        else if (c.maxCount !== undefined && n > c.maxCount) {
          if (c.path.kind === 'pred') n = distinctCount(o, c.path.p, set);
          this.countFindings(c, n, o.id, cls, name ?? nameOf(o), file, o.line, o.column);
        }
      }
    }
    if (rules.deferred.length > 0) {
      const d: DeferredObject = { id: o.id, cls, name: name ?? nameOf(o), line: o.line, column: o.column, rules, values: deferredValues ?? NO_VALUES, valuesDone: false };
      if (this.allTyped(d.values)) {
        // Every referenced object is already declared, and a declaration's class never changes
        // (rdf:ID declarations only): the value-based constraints are final now; only inverse
        // paths, which need every file's subjects, wait for the end.
        this.deferredOne(f, set, d, true);
        if (rules.hasInverse) f.deferred.push({ ...d, values: NO_VALUES, valuesDone: true });
      } else f.deferred.push(d);
    }
  }

  /** True when `target` is already declared with a class that is `range` or below it (or there is no range). */
  private resolvesNow(target: string, range: string | undefined): boolean {
    const e = this.ids.declaredEntry(target);
    if (e < 0) return false;
    return this.fits(this.ids.cls[e] as string, range);
  }

  /** True when class `cls` is `range` or below it, or there is no range to fit. */
  private fits(cls: string, range: string | undefined): boolean {
    return range === undefined || cls === range || this.hierarchy.ancestors(cls).has(range);
  }

  /** Records `subject` as a subject of `pred` pointing at `target` (for inverse paths). */
  private indexInverse(f: FileState, pred: string, target: string, subject: string): void {
    let byTarget = f.inverse.get(pred);
    if (!byTarget) f.inverse.set(pred, (byTarget = new Map()));
    const list = byTarget.get(target);
    if (list === undefined) byTarget.set(target, [subject]);
    else if (list[list.length - 1] !== subject) list.push(subject);
  }

  private countFindings(c: PropertyConstraint, n: number, id: string, cls: string, name: string | undefined, file: string, line: number, column: number): void {
    if (c.minCount !== undefined && n < c.minCount) this.shaclFinding(c, 'sh:MinCountConstraintComponent', id, cls, name, file, line, column, undefined, `has ${n} value(s), at least ${c.minCount} required`);
    if (c.maxCount !== undefined && n > c.maxCount) this.shaclFinding(c, 'sh:MaxCountConstraintComponent', id, cls, name, file, line, column, undefined, `has ${n} values, at most ${c.maxCount} allowed`);
  }

  shaclFinding(c: PropertyConstraint, component: string, id: string, cls: string, name: string | undefined, file: string, line: number, column: number, value: ValueTerm | undefined, detail?: string): void {
    const path = pathLabel(c.path);
    const v = value === undefined ? undefined : 'iri' in value ? idOfIri(value.iri) : value.literal;
    const what = detail ?? (v !== undefined ? `value '${'iri' in (value as ValueTerm) ? prefixed(v) : v}' fails ${component.replace('ConstraintComponent', '')}` : component);
    const or = c.orOf;
    const f: Finding = {
      severity: c.severity,
      rule: or ? 'shacl-or' : (SHACL_RULE[component] ?? 'shacl'),
      message: `${objectLabel(cls, id, name)}: ${path} ${what}${or ? ` (and it is not a ${or.unlessClasses.map(prefixed).join(' or ')})` : ''}${c.message ? ` — ${c.message}` : ''}`,
      file,
      line,
      column,
      subject: id,
      className: prefixed(cls),
      // A SHACL engine reports an sh:or on the node shape, without a path.
      ...(or ? {} : { property: path }),
      shape: or ? or.shape : c.shape,
      component: or ? 'sh:OrConstraintComponent' : component,
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
    const deps = this.dependencyClosures();
    for (const f of this.files) {
      for (const o of f.described) {
        const k = this.ids.find(o.id);
        const written = this.classIri(o.ns, o.local);
        if (!this.ids.isDeclared(k)) this.undeclared(o, written, f, deps[f.index] as Closure);
        this.check(o, this.effectiveClass(this.ids.cls[k] as string, written), f, written);
      }
      f.described = [];
    }
    for (const f of this.files) {
      for (const o of f.untyped) {
        const d = this.ids.typed(o.id);
        if (d < 0) {
          this.findings.push({ severity: 'warning', rule: 'desc-untyped', message: `rdf:Description ${o.id} describes an object that no file given declares with a class; its properties were not checked`, file: f.input.name, line: o.line, column: o.column, subject: o.id });
          for (const p of o.properties) if (p.ref && !isExternalIri(p.value)) this.refs.push(f.index, o.id, '', p.ns + p.local, normaliseId(p.value), undefined, p.line, p.column);
          continue;
        }
        this.check(o, this.ids.cls[d] as string, f);
      }
      f.untyped = [];
    }
    for (const f of this.files) this.deferredChecks(f);
    this.resolveReferences();
    this.setGraph.evaluate(
      this.ids,
      this.hierarchy,
      (k) => ({ file: (this.files[this.ids.file(k)] as FileState).input.name, line: this.ids.line(k), column: this.ids.column(k), name: undefined }),
      (finding) => this.findings.push(finding),
    );
    this.headerLinks();
    for (const f of this.files) {
      for (const { count, finding } of f.foreignNamespaces.values()) finding.message += `: ${count} class and property name${count === 1 ? '' : 's'} in it were not checked against a vocabulary`;
    }
  }

  /**
   * For each file: the files given that it depends on (Model.DependentOn, followed through the files
   * given), and whether every model of that chain was given.
   */
  private dependencyClosures(): Closure[] {
    const byModel = new Map<string, number>();
    for (const f of this.files) if (f.header) byModel.set(f.header.id, f.index);
    return this.files.map((f) => {
      const files = new Set<number>();
      let complete = true;
      const stack = [...(f.header?.dependentOn ?? [])];
      const seen = new Set<string>();
      while (stack.length > 0) {
        const m = stack.pop() as string;
        if (seen.has(m)) continue;
        seen.add(m);
        const i = byModel.get(m);
        if (i === undefined) {
          complete = false;
          continue;
        }
        files.add(i);
        stack.push(...((this.files[i] as FileState).header?.dependentOn ?? []));
      }
      return { files: [...files].sort((a, b) => a - b), complete };
    });
  }

  /**
   * A typed rdf:about description of an object no file declares with rdf:ID: an error when every model
   * the file depends on was given and one of them declares objects (so the declaration is missing,
   * not merely out of reach), naming the files that should have declared it.
   */
  private undeclared(o: CimObject, written: string, f: FileState, deps: Closure): void {
    if (!deps.complete || deps.files.length === 0) return;
    const declaring = deps.files.map((i) => this.files[i] as FileState).filter((d) => d.declares);
    if (declaring.length === 0) return;
    this.findings.push({
      severity: 'error',
      rule: 'desc-undeclared',
      message: `${objectLabel(written, o.id, nameOf(o))} is described here (rdf:about) but declared in none of the models this file depends on: ${declaring.map((d) => d.input.name).join(', ')}`,
      file: f.input.name,
      line: o.line,
      column: o.column,
      subject: o.id,
      className: prefixed(written),
    });
  }

  /** True when every referenced value is an object already declared with a class. */
  private allTyped(values: readonly StoredValue[]): boolean {
    for (const sv of values) if (sv.ref && this.ids.declaredEntry(sv.v) < 0) return false;
    return true;
  }

  private deferredChecks(f: FileState): void {
    const set = f.set;
    if (!set) return;
    for (const d of f.deferred) this.deferredOne(f, set, d);
    f.deferred = [];
  }

  /**
   * The constraints of one object that need other objects: with `valuesOnly`, all but inverse paths
   * (while streaming); once `valuesDone`, only inverse paths.
   */
  private deferredOne(f: FileState, set: ProfileSet, d: DeferredObject, valuesOnly = false): void {
    const file = f.input.name;
    {
      for (const ci of d.rules.deferred) {
        const c = set.constraints[ci] as PropertyConstraint;
        const path = c.path;
        if (valuesOnly ? path.kind === 'inv' : d.valuesDone && path.kind !== 'inv') continue;
        if (path.kind === 'pred') {
          // Simple path with sh:class: only the class component is left (values and counts were checked while streaming).
          for (const sv of d.values) {
            if (sv.p !== path.p) continue;
            for (const cls of c.classes ?? []) {
              if (sv.ref && this.isInstanceId(sv.v, cls)) continue;
              const term = termOfValue(sv.ref, sv.v, sv.dt, sv.lang);
              this.shaclFinding(c, 'sh:ClassConstraintComponent', d.id, d.cls, d.name, file, sv.line, sv.column, term, `value '${sv.v}' is not a ${prefixed(cls)}`);
            }
          }
          continue;
        }
        // Value nodes are IRIs: subjects (inverse path) or classes (`p rdf:type`); identities, not IRIs, are kept.
        let values: readonly string[];
        let line = d.line;
        let column = d.column;
        if (path.kind === 'inv') {
          const list = f.inverse.get(path.p)?.get(d.id);
          values = list === undefined ? NO_IDS : list.length > 1 ? [...new Set(list)] : list;
        } else {
          const first = path.steps[0] as { p: string };
          let types: string[] | undefined;
          if (path.steps.length === 2) {
            for (const sv of d.values) {
              if (sv.p !== first.p || !sv.ref) continue;
              const at = this.ids.typed(sv.v);
              if (at >= 0 && !(c.fileScoped === true && this.ids.file(at) !== f.index)) {
                const tc = this.ids.cls[at] as string;
                if (types === undefined) types = [tc];
                else if (!types.includes(tc)) types.push(tc);
                line = sv.line;
                column = sv.column;
              }
            }
          }
          values = types ?? NO_IDS;
        }
        if ((c.minCount !== undefined && values.length < c.minCount) || (c.maxCount !== undefined && values.length > c.maxCount)) {
          this.countFindings(c, values.length, d.id, d.cls, d.name, file, d.line, d.column);
        }
        const vc = set.valueCheck(ci);
        for (const v of values) {
          if (!vc.conforms(true, v, '', undefined, undefined)) {
            const term = { iri: nodeIri(v) };
            for (const comp of failingComponents(c, term)) this.shaclFinding(c, comp, d.id, d.cls, d.name, file, line, column, term);
          }
          for (const cls of c.classes ?? []) if (!this.isInstanceId(v, cls)) this.shaclFinding(c, 'sh:ClassConstraintComponent', d.id, d.cls, d.name, file, line, column, { iri: nodeIri(v) });
        }
      }
    }
  }

  /** True when the object with this identity is declared with the class or a subclass of it. */
  private isInstanceId(id: string, cls: string): boolean {
    const d = this.ids.typed(id);
    return d >= 0 && this.fits(this.ids.cls[d] as string, cls);
  }

  private resolveReferences(): void {
    const modelIds = new Set(this.files.map((f) => f.header?.id).filter((x): x is string => x !== undefined));
    const r = this.refs;
    const ids = this.ids;
    const n = r.length;
    for (let i = 0; i < n; i++) {
      const target = r.target[i] as string;
      const e = ids.find(target);
      const d = e >= 0 && ids.cls[e] !== '' ? e : -1;
      if (d >= 0) {
        const range = r.range[i];
        const dc = ids.cls[d] as string;
        if (this.fits(dc, range)) continue;
      } else if (e >= 0) continue;
      const f = this.files[r.file[i] as number] as FileState;
      const subject = r.subject[i] as string;
      const cls = r.cls[i] as string;
      const at = { file: f.input.name, line: r.line[i] as number, column: r.column[i] as number, subject, property: prefixed(r.pred[i] as string), value: target };
      const who = `${cls ? prefixed(cls) : 'rdf:Description'} ${subject}`;
      if (d >= 0) {
        const range = r.range[i] as string;
        const df = ids.file(d);
        const where = df === f.index ? '' : ` (in ${(this.files[df] as FileState).input.name})`;
        this.findings.push({ severity: 'error', rule: 'ref-class', message: `${who}: ${prefixed(r.pred[i] as string)} points at ${prefixed(ids.cls[d] as string)} ${target}${where}, expected a ${prefixed(range)}`, ...at, ...(cls ? { className: prefixed(cls) } : {}) });
        continue;
      }
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

const STOP = Symbol('header read');

/**
 * The registry entries the inputs declare, from their headers only (each read stops at the header,
 * so start-up loads just the profiles in use). Unreadable inputs are left to the main pass.
 */
async function declaredEntries(sources: readonly CimInput[], registry: ReturnType<typeof loadRegistry>): Promise<Set<ProfileEntry>> {
  const out = new Set<ProfileEntry>();
  for (const s of sources) {
    try {
      await readCimInput(s, {
        header: (h) => {
          let known = 0;
          for (const iri of h.profiles) {
            for (const e of registry.resolve(iri).entries) {
              out.add(e);
              known++;
            }
          }
          // A file of unknown profiles only is still checked against every vocabulary that defines its classes.
          if (known === 0 && h.profiles.length > 0) for (const e of registry.entries) out.add(e);
          throw STOP;
        },
        object: () => {
          throw STOP;
        },
      });
    } catch (err) {
      if (err !== STOP) continue;
    }
  }
  return out;
}

/** Validates CIM inputs (files, folders, zips, `a.zip:entry`) against their declared profiles. */
export async function validateInputs(inputs: string[], options: ValidateOptions = {}): Promise<ValidationReport> {
  const sources = uniqueInputs(await expandInputs(inputs));
  const registry = loadRegistry(options.profilesDir);
  const needed = await declaredEntries(sources, registry);
  const compiled = new Map<ProfileEntry, CompiledProfile>();
  const hierarchy = new Hierarchy();
  for (const e of registry.entries) {
    if (!needed.has(e)) continue;
    const c = await compiledProfile(e);
    compiled.set(e, c);
    hierarchy.add(c.vocabulary);
  }
  const run = new Run(registry, compiled, hierarchy);
  const totalBytes = sources.reduce((n, s) => n + s.bytes, 0);
  let done = 0;
  const manifests: { input: CimInput; manifest: Manifest; summary: FileSummary }[] = [];
  let unreadable = 0;
  for (const [i, s] of sources.entries()) {
    let manifest: Manifest | undefined;
    try {
      manifest = await readManifestInput(s);
    } catch (err) {
      unreadable++;
      run.unreadable(s, err);
      continue;
    }
    if (manifest) {
      const datasets = manifest.datasets.map((d) => ({ id: d.id, keywords: d.keywords, profiles: d.profiles, files: d.files }));
      manifests.push({ input: s, manifest, summary: { file: s.name, kind: 'Catalog', profiles: [], keywords: [], objects: datasets.length, bytes: s.bytes, ms: 0, counts: { error: 0, warning: 0, info: 0 }, datasets } });
      continue;
    }
    try {
      await run.readFile(s, run.files.length, (n) => options.onProgress?.({ file: s.name, fileIndex: i, files: sources.length, bytes: done + n, totalBytes }));
    } catch (err) {
      // One file that cannot be read does not hide the others: it is reported, and the run goes on.
      unreadable++;
      run.unreadable(s, err, run.files[run.files.length - 1]);
    }
    done += s.bytes;
  }
  run.finish();
  run.findings.push(...(await differenceFindings(run.files)));
  const read = run.files.map((f) => ({ input: f.input, ...(f.header ? { modelId: f.header.id } : {}) }));
  for (const m of manifests) run.findings.push(...manifestFindings(m.manifest, m.input, read));
  return buildReport(run, options, manifests.map((m) => m.summary), unreadable);
}

/** True when a rule id matches one of the patterns (exact, or a prefix ending in `*`). */
export function ruleMatches(rule: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.endsWith('*') ? rule.startsWith(p.slice(0, -1)) : rule === p));
}

function buildReport(run: Run, options: ValidateOptions, catalogs: FileSummary[], unreadable: number): ValidationReport {
  const severity = options.severity ?? 'info';
  const only = options.rules !== undefined && options.rules.length > 0 ? options.rules : undefined;
  const except = options.excludeRules ?? [];
  const order = new Map(run.files.map((f) => [f.input.name, f.index]));
  catalogs.forEach((c, i) => order.set(c.file, -catalogs.length + i));
  const findings = run.findings
    .filter((f) => SEVERITY_RANK[f.severity] <= SEVERITY_RANK[severity] && (only === undefined || ruleMatches(f.rule, only)) && !ruleMatches(f.rule, except))
    .map((f, i) => ({ f, i }))
    .sort((a, b) => (order.get(a.f.file) ?? 0) - (order.get(b.f.file) ?? 0) || (a.f.line ?? 0) - (b.f.line ?? 0) || (a.f.column ?? 0) - (b.f.column ?? 0) || a.i - b.i)
    .map((x) => x.f);
  const counts = { error: 0, warning: 0, info: 0 };
  const summaries = [...catalogs, ...run.files.map((f) => f.summary), ...run.unreadableFiles];
  const byFile = new Map(summaries.map((s) => [s.file, s]));
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
  const max = options.maxFindings;
  if (max !== undefined && findings.length > max) return { findings: findings.slice(0, max), files: summaries, counts, skipped, unreadable, truncated: { total: findings.length } };
  return { findings, files: summaries, counts, skipped, unreadable };
}
