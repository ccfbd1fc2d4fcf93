// The state of one validation run, shared by its phases (src/validation/engine.ts reads the files;
// object-checks.ts checks each object as it closes; deferred-checks.ts and cross-checks.ts run what
// needs other objects; report-build.ts makes the report): the findings, the files read, every
// identity with its class, the references left to resolve, and the class helpers all phases use.

import type { CimInput } from '../cim-xml/inputs.js';
import type { CimObject, ModelHeader } from '../cim-xml/model.js';
import { isLtdsError } from '../errors/index.js';
import type { loadRegistry, ProfileEntry } from '../profiles/registry.js';
import type { CompiledProfile } from '../profiles/types.js';
import { Identities } from './identities.js';
import { ProfileSet, type Hierarchy, type ClassRules } from './profile-set.js';
import { SetGraph } from './set-shapes.js';
import { nodeIri, prefixed, type ValueTerm } from './shacl-eval.js';
import type { FileSummary, Finding } from './types.js';
import { RDF_LANG_STRING } from './xsd.js';

/** One stored value of an object, for constraints that need other objects. */
export interface StoredValue {
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

export const NO_VALUES: StoredValue[] = [];
export const NO_IDS: readonly string[] = [];

/** The RDF term of a value (built only for findings). */
export function termOfValue(ref: boolean, v: string, dt: string, lang: string | undefined): ValueTerm {
  if (ref) return { iri: nodeIri(v) };
  if (dt === RDF_LANG_STRING && lang !== undefined) return { literal: v, datatype: dt, lang };
  return { literal: v, datatype: dt };
}

export interface DeferredObject {
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

export interface FileState {
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
export interface Closure {
  files: number[];
  complete: boolean;
}

/** A reference to resolve once every file is read (parallel arrays keep memory low). */
export class RefTable {
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

export const NAME_LOCAL = 'IdentifiedObject.name';

export function nameOf(o: CimObject): string | undefined {
  for (const p of o.properties) if (p.local === NAME_LOCAL && !p.ref) return p.value;
  return undefined;
}

export function objectLabel(cls: string, id: string, name: string | undefined): string {
  return `${prefixed(cls)} ${name !== undefined ? `'${name}' ` : ''}(${id})`;
}

/** True for references that name no object (enumeration members and other absolute IRIs). */
export function isExternalIri(raw: string): boolean {
  return raw.charCodeAt(0) !== 0x23 && !raw.startsWith('urn:uuid:') && raw.includes(':');
}

/** The run: state shared by the streaming and the cross-object phases. */
export class RunState {
  readonly findings: Finding[] = [];
  readonly files: FileState[] = [];
  readonly ids = new Identities();
  /** `ns` → `local` → class IRI, so each class IRI string is built (and hashed) once. */
  private readonly classIris = new Map<string, Map<string, string>>();
  readonly refs = new RefTable();
  readonly sets = new Map<string, ProfileSet>();
  /** The statements the set-scoped shapes read (src/validation/set-shapes.ts). */
  readonly setGraph: SetGraph;
  /** Their predicates, or undefined when no profile in use has set-scoped shapes (nothing is kept). */
  readonly setPredicates: ReadonlySet<string> | undefined;

  constructor(
    readonly registry: ReturnType<typeof loadRegistry>,
    readonly compiled: Map<ProfileEntry, CompiledProfile>,
    readonly hierarchy: Hierarchy,
  ) {
    this.setGraph = new SetGraph([...compiled.values()].flatMap((c) => c.setShapes ?? []));
    this.setPredicates = this.setGraph.empty ? undefined : this.setGraph.predicates;
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
        this.setPredicates,
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
    this.findings.push({
      severity: 'error',
      rule: 'input-unreadable',
      message: `the file could not be read${partial?.input === input ? ' to its end' : ''}: ${reason}; the other files were still checked`,
      file: input.name,
      line: e.line ?? 1,
      column: e.column ?? 1,
      cause,
    });
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
    this.vocabulariesOnly = new ProfileSet(profiles, this.hierarchy, this.setPredicates);
    return this.vocabulariesOnly;
  }

  classIri(ns: string, local: string): string {
    let byLocal = this.classIris.get(ns);
    if (!byLocal) this.classIris.set(ns, (byLocal = new Map()));
    let iri = byLocal.get(local);
    if (iri === undefined) byLocal.set(local, (iri = ns + local));
    return iri;
  }

  /** a is a strict subclass of b. */
  readonly below = (a: string, b: string): boolean => a !== b && this.hierarchy.ancestors(a).has(b);

  /** Input files compared by name (a stable order whatever order they were given in). */
  readonly fileOrder = (a: number, b: number): number => {
    const x = (this.files[a]!).input.name;
    const y = (this.files[b]!).input.name;
    return x < y ? -1 : x > y ? 1 : 0;
  };

  /** The class a description of an object declared as `declared` is checked with: the written one only when it narrows. */
  effectiveClass(declared: string, written: string): string {
    return written !== declared && this.below(written, declared) ? written : declared;
  }

  /** True when `target` is already declared with a class that is `range` or below it (or there is no range). */
  resolvesNow(target: string, range: string | undefined): boolean {
    const e = this.ids.declaredEntry(target);
    if (e < 0) return false;
    return this.fits(this.ids.cls[e]!, range);
  }

  /** True when class `cls` is `range` or below it, or there is no range to fit. */
  fits(cls: string, range: string | undefined): boolean {
    return range === undefined || cls === range || this.hierarchy.ancestors(cls).has(range);
  }

  /** True when the object with this identity is declared with the class or a subclass of it. */
  isInstanceId(id: string, cls: string): boolean {
    const d = this.ids.typed(id);
    return d >= 0 && this.fits(this.ids.cls[d]!, cls);
  }
}
