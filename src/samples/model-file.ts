// One generated CIM XML file: streams objects through the CimXmlWriter into a temporary file that is
// renamed into place only when complete, and counts objects per class. Also the small helpers that
// build literal, reference and enumeration properties with fixed number formatting.

import type { CimObject, ModelHeader, Property } from '../cim-xml/model.js';
import { CIM100_NS, EU_NS, MD_NS } from '../cim-xml/namespaces.js';
import { CimXmlWriter } from '../cim-xml/writer.js';
import { openAtomicFile, type AtomicFile } from '../io/atomic-file.js';

/** A literal property in the cim namespace. */
export function lit(local: string, value: string): Property {
  return { ns: CIM100_NS, local, ref: false, value, line: 0, column: 0 };
}

/** A reference to an object in the same file or a model it depends on (`#_<uuid>`). */
export function ref(local: string, id: string): Property {
  return { ns: CIM100_NS, local, ref: true, value: '#_' + id, line: 0, column: 0 };
}

/** A reference to a cim enumeration member, e.g. `enm('PowerTransformerEnd.connectionKind', 'WindingConnection.D')`. */
export function enm(local: string, member: string): Property {
  return { ns: CIM100_NS, local, ref: true, value: CIM100_NS + member, line: 0, column: 0 };
}

/** An eu-namespace property referencing an eu enumeration member. */
export function euEnm(local: string, member: string): Property {
  return { ns: EU_NS, local, ref: true, value: EU_NS + member, line: 0, column: 0 };
}

/** An xsd:boolean literal. */
export function bool(local: string, value: boolean): Property {
  return lit(local, value ? 'true' : 'false');
}

/** An xsd:integer literal. */
export function int(local: string, value: number): Property {
  return lit(local, String(Math.round(value)));
}

/** A decimal literal with at most `digits` decimals, trailing zeros dropped, never in exponent form. */
export function dec(local: string, value: number, digits: number): Property {
  return lit(local, decimal(value, digits));
}

/** Formats a float as a plain decimal (xsd:float lexical form without exponent). */
export function decimal(value: number, digits: number): string {
  let s = value.toFixed(digits);
  if (digits > 0) {
    let end = s.length;
    while (s.charCodeAt(end - 1) === 48) end--; // '0'
    if (s.charCodeAt(end - 1) === 46) end--; // '.'
    s = s.slice(0, end);
  }
  return s === '-0' ? '0' : s;
}

/** The identity and name every IdentifiedObject carries, followed by the class's own properties. */
export function identified(id: string, name: string, rest: Property[]): Property[] {
  rest.unshift(lit('IdentifiedObject.mRID', id), lit('IdentifiedObject.name', name));
  return rest;
}

/** The md:FullModel header of a generated file. */
export interface HeaderFields {
  id: string;
  created: string;
  description: string;
  modelingAuthoritySet: string;
  profiles: readonly string[];
  version: string;
  dependentOn?: string;
  /** More models this one depends on. */
  alsoDependentOn?: readonly string[];
  /** Model.scenarioTime (default: `created`). */
  scenarioTime?: string;
}

/** Builds the ModelHeader record the writer expects, properties in a fixed order. */
export function fullModelHeader(h: HeaderFields): ModelHeader {
  const md = (local: string, value: string, isRef = false): Property => ({
    ns: MD_NS, local, ref: isRef, value, line: 0, column: 0,
  });
  const properties: Property[] = [
    md('Model.created', h.created),
    md('Model.scenarioTime', h.scenarioTime ?? h.created),
    md('Model.description', h.description),
    md('Model.modelingAuthoritySet', h.modelingAuthoritySet),
    ...h.profiles.map((p) => md('Model.profile', p)),
    md('Model.version', h.version),
  ];
  const dependencies = [...(h.dependentOn === undefined ? [] : [h.dependentOn]), ...(h.alsoDependentOn ?? [])];
  for (const d of dependencies) properties.push(md('Model.DependentOn', `urn:uuid:${d}`, true));
  const object: CimObject = {
    ns: MD_NS, local: 'FullModel', id: h.id, rawId: `urn:uuid:${h.id}`, idForm: 'about', section: 'model',
    properties, line: 0, column: 0,
  };
  return {
    kind: 'FullModel', style: 'md', id: h.id, created: h.created, scenarioTime: h.scenarioTime ?? h.created,
    description: h.description, modelingAuthoritySet: h.modelingAuthoritySet, version: h.version,
    profiles: [...h.profiles], dependentOn: dependencies, supersedes: [],
    object,
  };
}

const NAMESPACES: ReadonlyMap<string, string> = new Map([
  ['cim', CIM100_NS],
  ['eu', EU_NS],
  ['md', MD_NS],
]);

/**
 * A CIM XML file being written atomically (see io/atomic-file). Call {@link finish}, then
 * {@link publish} to rename it into place, or {@link abort} on failure.
 */
export class ModelFile {
  /** Objects written so far, per class local name. */
  readonly counts = new Map<string, number>();
  private readonly file: AtomicFile;
  private readonly writer: CimXmlWriter;

  constructor(readonly path: string, header: ModelHeader, extraNamespaces: ReadonlyMap<string, string> = new Map()) {
    this.file = openAtomicFile(path);
    const namespaces = extraNamespaces.size === 0 ? NAMESPACES : new Map([...NAMESPACES, ...extraNamespaces]);
    this.writer = new CimXmlWriter((chunk) => this.file.write(chunk), { namespaces, bufferSize: 1 << 20 });
    this.writer.start(header);
  }

  /**
   * Writes properties of an object defined in another file (`rdf:about="#_<id>"`), typed with its
   * class, followed by its mRID where the profile's vocabulary has it (CGMES 3.0 requires it on
   * the objects a profile describes; TP's ConnectivityNode is the exception).
   */
  about(local: string, id: string, properties: Property[], ns: string = CIM100_NS, mrid = true): void {
    if (mrid) properties.push(lit('IdentifiedObject.mRID', id));
    this.writer.object({ ns, local, id, rawId: '#_' + id, idForm: 'about', section: 'model', properties, line: 0, column: 0 });
  }

  /** Writes one object of a class in any namespace with `rdf:ID="_<id>"`. */
  addIn(ns: string, local: string, id: string, properties: Property[]): void {
    this.writer.object({ ns, local, id, rawId: '_' + id, idForm: 'ID', section: 'model', properties, line: 0, column: 0 });
    this.counts.set(local, (this.counts.get(local) ?? 0) + 1);
  }

  /** Writes one object of a cim class with `rdf:ID="_<id>"`. */
  add(local: string, id: string, properties: Property[]): void {
    this.writer.object({
      ns: CIM100_NS, local, id, rawId: '_' + id, idForm: 'ID', section: 'model', properties, line: 0, column: 0,
    });
    this.counts.set(local, (this.counts.get(local) ?? 0) + 1);
  }

  /** Ends the document and closes the temporary file; returns its size in bytes. */
  finish(): number {
    this.writer.end();
    this.file.close();
    return this.file.bytes;
  }

  /** Renames the finished file into place (atomic within one file system). */
  publish(): void {
    this.file.commit();
  }

  /** Closes and removes the temporary file; safe to call more than once. */
  abort(): void {
    this.file.abort();
  }
}
