// The compiled form of the profiles: what a vocabulary (RDFS) and a set of shapes (SHACL) say,
// as plain JSON-serialisable tables, so the compiled form can be cached on disk.

import type { Severity as FindingSeverity } from '../findings/index.js';

/** How a property's values are written. */
export type ValueKind = 'literal' | 'ref' | 'enum';

/** One property of a vocabulary. */
export interface VocabProperty {
  /** Class IRI that declares the property (rdfs:domain). */
  domain: string;
  kind: ValueKind;
  /** For literals: the XSD datatype IRI the CIM datatype maps to. */
  datatype?: string;
  /** For references and enumerations: the range class IRI. */
  range?: string;
}

/** One class of a vocabulary, with its direct superclasses. */
export interface VocabClass {
  supers: string[];
  /** True for enumerations (their members are written as `rdf:resource`). */
  enumeration?: boolean;
  /** True for CIM datatypes and primitives (never instantiated in data). */
  datatype?: boolean;
}

/** A compiled vocabulary (one RDFS file, or several merged). */
export interface CompiledVocabulary {
  classes: Record<string, VocabClass>;
  properties: Record<string, VocabProperty>;
  /** Enumeration class IRI → member IRIs. */
  enums: Record<string, string[]>;
}

/** A SHACL path: a predicate, an inverse predicate, or a sequence of those. */
export type ShapePath = { kind: 'pred'; p: string } | { kind: 'inv'; p: string } | { kind: 'seq'; steps: { p: string; inv: boolean }[] };

/** An RDF term as SHACL lists and values name it. */
export type ShapeTerm = { iri: string } | { literal: string; datatype: string; lang?: string };

/** The severities of SHACL, as the toolkit names them (the finding model's). */
export type Severity = FindingSeverity;

/** One property shape (all its supported constraint components). */
export interface PropertyConstraint {
  /** The property shape's IRI (or `_:` label of a blank node shape, made stable by its node shape). */
  shape: string;
  /** sh:name, when the shape has one. */
  name?: string;
  path: ShapePath;
  /**
   * From a single-profile shape file (CGMES names them `...-Simple-SHACL.ttl`): such shapes are
   * written for the file alone, so the values of a `( p rdf:type )` path come only from objects the
   * file itself declares. Cross-profile shapes see the classes of every file of the set.
   */
  fileScoped?: boolean;
  severity: Severity;
  message?: string;
  minCount?: number;
  maxCount?: number;
  datatype?: string;
  classes?: string[];
  in?: ShapeTerm[];
  pattern?: { source: string; flags: string };
  minInclusive?: ShapeTerm;
  maxInclusive?: ShapeTerm;
  minExclusive?: ShapeTerm;
  maxExclusive?: ShapeTerm;
  minLength?: number;
  maxLength?: number;
  nodeKind?: string;
  /**
   * Set when this property shape is the alternative of a node shape's `sh:or ( [ sh:class C ] <this> )`:
   * it applies only to focus nodes that are not instances of `unlessClasses`, and a violation is
   * reported as that node shape's sh:OrConstraintComponent.
   */
  orOf?: { shape: string; unlessClasses: string[] };
}

/** A node shape: its targets, its property shapes and the node-level components we support. */
export interface NodeShapeRule {
  shape: string;
  severity: Severity;
  message?: string;
  targetClasses: string[];
  targetNodes: string[];
  targetSubjectsOf: string[];
  /** Indices into {@link CompiledShapes.properties}. */
  properties: number[];
  /** sh:closed: the predicates allowed (property shape paths and sh:ignoredProperties). */
  closed?: { allowed: string[] };
}

/** A constraint the engine does not evaluate, reported once as skipped. */
export interface SkippedConstraint {
  shape: string;
  component: string;
  reason: string;
  file: string;
}

/** A compiled set of SHACL files. */
export interface CompiledShapes {
  nodeShapes: NodeShapeRule[];
  properties: PropertyConstraint[];
  skipped: SkippedConstraint[];
}

/** One profile of the registry, compiled. */
export interface CompiledProfile {
  id: string;
  keyword: string;
  vocabulary: CompiledVocabulary;
  shapes: CompiledShapes;
  /** The shapes of the entry's set-scoped shape files (evaluated once over the whole set). */
  setShapes?: SetShapeRule[];
}

/**
 * A shape of a set-scoped shape file (registry `setShapes`): the general SHACL Core subset — paths
 * that are sequences of predicates and inverse predicates, value constraints, counts, sh:hasValue,
 * sh:class, sh:and / sh:or / sh:xone / sh:not / sh:node, sh:property and sh:qualifiedValueShape —
 * evaluated over the data graph of the whole set (the statements of every file given, merged).
 */
export interface TreeShape {
  /** The shape's IRI (or `_:` label). */
  id: string;
  /** For a property shape: the sequence of steps (one step for a plain or inverse predicate). */
  path?: { p: string; inv: boolean }[];
  minCount?: number;
  maxCount?: number;
  hasValue?: ShapeTerm[];
  in?: ShapeTerm[];
  classes?: string[];
  datatype?: string;
  nodeKind?: string;
  pattern?: { source: string; flags: string };
  minInclusive?: ShapeTerm;
  maxInclusive?: ShapeTerm;
  minExclusive?: ShapeTerm;
  maxExclusive?: ShapeTerm;
  minLength?: number;
  maxLength?: number;
  and?: TreeShape[][];
  or?: TreeShape[][];
  xone?: TreeShape[][];
  not?: TreeShape[];
  node?: TreeShape[];
  property?: TreeShape[];
  qualified?: { shape: TreeShape; min?: number; max?: number }[];
}

/** A node shape of a set-scoped shape file, with its targets and documentation. */
export interface SetShapeRule {
  shape: string;
  name?: string;
  message?: string;
  /** dcterms:source: where the rule comes from. */
  source?: string;
  severity: Severity;
  targetClasses: string[];
  root: TreeShape;
}
