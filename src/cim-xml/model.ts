// The records the CIM XML reader produces and the writer consumes: headers, objects, properties.
// Plain data, no behaviour, so every later layer (validation, diff, packaging) can share them.

/** Where something was found in a source file (1-based line and column, 0-based byte offset). */
export interface Position {
  line: number;
  column: number;
}

/** A namespace-qualified name: the namespace IRI and the local part (the IRI is `ns + local`). */
export interface QName {
  ns: string;
  local: string;
}

/** The section of a Difference Model an object sits in; `model` for Full Model content. */
export type Section = 'model' | 'preconditions' | 'forwardDifferences' | 'reverseDifferences';

/** How an object's identity was written in the source, kept for faithful writing. */
export type IdForm = 'ID' | 'about' | 'nodeID' | 'none';

/** One property of an object: a literal (text) or a reference (`rdf:resource`). */
export interface Property {
  ns: string;
  local: string;
  /** `true` for `rdf:resource` references, `false` for literals. */
  ref: boolean;
  /** The literal text, or the reference exactly as written (`#_x`, `urn:uuid:x`, an absolute IRI). */
  value: string;
  /** `xml:lang` in scope on a literal, if any. */
  lang?: string;
  /** `rdf:datatype` of a literal, as an absolute IRI, if any. */
  datatype?: string;
  line: number;
  column: number;
}

/** One CIM object (a node element) with its properties in source order. */
export interface CimObject {
  /** Class namespace IRI; empty for an untyped `rdf:Description`. */
  ns: string;
  /** Class local name (`ACLineSegment`); empty for an untyped `rdf:Description`. */
  local: string;
  /** Normalised identity: `#`, `urn:uuid:` and one leading `_` removed (see identity.ts). */
  id: string;
  /** The identity exactly as written (`_x` for rdf:ID, `#_x`/`urn:uuid:x` for rdf:about). */
  rawId: string;
  idForm: IdForm;
  section: Section;
  properties: Property[];
  /** `xml:base` in scope on this object, when the source set one. */
  base?: string;
  line: number;
  column: number;
}

/** Header style in the source: the `md:`/`dm:` model header or the newer dcat-style header. */
export type HeaderStyle = 'md' | 'dcat';

/** The normalised model header (md:FullModel, dm:DifferenceModel or dcat:Dataset). */
export interface ModelHeader {
  kind: 'FullModel' | 'DifferenceModel';
  style: HeaderStyle;
  /** Normalised model id (no `urn:uuid:`). */
  id: string;
  created?: string;
  scenarioTime?: string;
  description?: string;
  modelingAuthoritySet?: string;
  version?: string;
  /** Profile IRIs as written (`Model.profile` or `dcterms:conformsTo`). */
  profiles: string[];
  /** Model ids this model depends on, normalised. */
  dependentOn: string[];
  /** Model ids this model supersedes, normalised. */
  supersedes: string[];
  /** The header as an object, with every property in source order, for faithful writing. */
  object: CimObject;
}

/** A whole model held in memory: header (if any), objects in source order, and namespace prefixes. */
export interface CimModel {
  header?: ModelHeader;
  objects: CimObject[];
  /** Prefix → namespace IRI as declared on the root, in declaration order. */
  namespaces: Map<string, string>;
  /** `xml:base` on the root, if any. */
  base?: string;
}
