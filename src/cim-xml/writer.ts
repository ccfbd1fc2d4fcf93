// The streaming CIM XML writer: header first, then objects, namespaces declared once on rdf:RDF.
// Output is deterministic: the same records and options always give the same bytes.

import { escapeAttr, escapeText } from './escape.js';
import type { CimModel, CimObject, ModelHeader, Property, Section } from './model.js';
import { DM_NS, MD_NS, RDF_NS, STANDARD_PREFIXES } from './namespaces.js';

/** Receives the writer's output in order; a file sink, a string collector or a stream adapter. */
export type WriteSink = (chunk: string) => void;

/** Options of {@link CimXmlWriter}. */
export interface WriterOptions {
  /** Prefix → namespace IRI to declare on rdf:RDF (in this order after rdf). Missing standard ones are added. */
  namespaces?: ReadonlyMap<string, string>;
  /** `xml:base` to write on rdf:RDF. */
  base?: string;
  /** Write the `<?xml ...?>` declaration (default true). */
  declaration?: boolean;
  /** Bytes to buffer before calling the sink (default 64 KiB). */
  bufferSize?: number;
}

const SECTION_ORDER: readonly Section[] = ['preconditions', 'reverseDifferences', 'forwardDifferences'];

/**
 * Writes one CIM XML document. Call {@link start}, then {@link object} for each object (Difference
 * Model objects grouped by section), then {@link end}.
 */
export class CimXmlWriter {
  private readonly sink: WriteSink;
  private readonly options: WriterOptions;
  private readonly prefixOf = new Map<string, string>();
  private readonly declared: [string, string][] = [];
  private buffer = '';
  private readonly bufferSize: number;
  private kind: ModelHeader['kind'] | undefined;
  private section: Section | undefined;
  private generated = 0;
  private ended = false;
  private localPrefix = 'nsx';
  private header: ModelHeader | undefined;

  constructor(sink: WriteSink, options: WriterOptions = {}) {
    this.sink = sink;
    this.options = options;
    this.bufferSize = options.bufferSize ?? 65536;
    this.bind('rdf', RDF_NS);
    for (const [prefix, ns] of options.namespaces ?? []) this.bind(prefix, ns);
    this.bind('md', MD_NS);
  }

  /** Writes the prologue, rdf:RDF and the header (for Difference Models, the header's fields). */
  start(header?: ModelHeader): void {
    if (header?.kind === 'DifferenceModel') this.bind('dm', DM_NS);
    if (header) {
      this.ensureBound(header.object.ns);
      for (const p of header.object.properties) this.ensureBound(p.ns);
    }
    this.localPrefix = 'nsx';
    for (let i = 1; this.declared.some(([p]) => p === this.localPrefix); i++) this.localPrefix = `nsx${i}`;
    let out = this.options.declaration === false ? '' : '<?xml version="1.0" encoding="utf-8"?>\n';
    out += '<rdf:RDF';
    for (const [prefix, ns] of this.declared) out += ` xmlns:${prefix}="${escapeAttr(ns)}"`;
    if (this.options.base !== undefined) out += ` xml:base="${escapeAttr(this.options.base)}"`;
    out += '>\n';
    this.push(out);
    if (!header) return;
    this.kind = header.kind;
    this.header = header;
    if (header.kind === 'FullModel') {
      this.push(this.objectXml(header.object, '  '));
    } else {
      this.push(this.openTag(header.object, '  ') + this.propertiesXml(header.object, '    '));
    }
  }

  /** Writes one object. In a Difference Model, objects must arrive grouped by section. */
  object(o: CimObject): void {
    if (this.kind === 'DifferenceModel') {
      if (o.section === 'model') throw new Error(`object ${o.rawId} has no Difference Model section`);
      if (o.section !== this.section) {
        this.closeSection();
        this.push(`    <dm:${o.section} rdf:parseType="Statements">\n`);
        this.section = o.section;
      }
      this.push(this.objectXml(o, '      '));
    } else {
      this.push(this.objectXml(o, '  '));
    }
  }

  /** Opens an empty Difference Model section (e.g. empty `preconditions`), closing the current one. */
  emptySection(section: Section): void {
    this.closeSection();
    this.push(`    <dm:${section} rdf:parseType="Statements"/>\n`);
  }

  /** Closes the document and flushes everything to the sink. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.kind === 'DifferenceModel') {
      this.closeSection();
      if (this.header) this.push(`  </${this.closeName(this.header.object)}>\n`);
    }
    this.push('</rdf:RDF>\n');
    this.flush();
  }

  private closeSection(): void {
    if (this.section) this.push(`    </dm:${this.section}>\n`);
    this.section = undefined;
  }

  private bind(prefix: string, ns: string): void {
    if (this.prefixOf.has(ns)) return;
    if (this.declared.some(([p]) => p === prefix)) return;
    this.prefixOf.set(ns, prefix);
    this.declared.push([prefix, ns]);
  }

  /** Declares a namespace on the root under its standard prefix or a generated one (before start()). */
  private ensureBound(ns: string): void {
    if (ns === '' || this.prefixOf.has(ns)) return;
    const std = STANDARD_PREFIXES.get(ns);
    const taken = (p: string): boolean => this.declared.some(([d]) => d === p);
    this.bind(std !== undefined && !taken(std) ? std : this.nextPrefix(), ns);
  }

  private nextPrefix(): string {
    let prefix: string;
    do prefix = `ns${++this.generated}`;
    while (this.declared.some(([p]) => p === prefix));
    return prefix;
  }

  /**
   * A qualified name for an element; a namespace not declared on the root is declared on the
   * element itself (`local` is then returned with an `xmlns` attribute in `decl`).
   */
  private qname(ns: string, local: string, decl: { attrs: string }): string {
    const prefix = this.prefixOf.get(ns);
    if (prefix !== undefined) return `${prefix}:${local}`;
    decl.attrs += ` xmlns:${this.localPrefix}="${escapeAttr(ns)}"`;
    return `${this.localPrefix}:${local}`;
  }

  private openTag(o: CimObject, indent: string): string {
    const decl = { attrs: '' };
    const name = o.ns === '' ? 'rdf:Description' : this.qname(o.ns, o.local, decl);
    let out = `${indent}<${name}${decl.attrs}`;
    if (o.idForm !== 'none') out += ` rdf:${o.idForm}="${escapeAttr(o.rawId)}"`;
    if (o.base !== undefined && o.base !== this.options.base) out += ` xml:base="${escapeAttr(o.base)}"`;
    return out + '>\n';
  }

  private closeName(o: CimObject): string {
    if (o.ns === '') return 'rdf:Description';
    const prefix = this.prefixOf.get(o.ns);
    return prefix !== undefined ? `${prefix}:${o.local}` : `${this.localPrefix}:${o.local}`;
  }

  private objectXml(o: CimObject, indent: string): string {
    return `${this.openTag(o, indent)}${this.propertiesXml(o, indent + '  ')}${indent}</${this.closeName(o)}>\n`;
  }

  private propertiesXml(o: CimObject, indent: string): string {
    let out = '';
    for (const p of o.properties) out += this.propertyXml(p, indent);
    return out;
  }

  private propertyXml(p: Property, indent: string): string {
    const decl = { attrs: '' };
    const name = this.qname(p.ns, p.local, decl);
    if (p.ref) {
      if (p.value.startsWith('_:')) return `${indent}<${name}${decl.attrs} rdf:nodeID="${escapeAttr(p.value.slice(2))}"/>\n`;
      return `${indent}<${name}${decl.attrs} rdf:resource="${escapeAttr(p.value)}"/>\n`;
    }
    let attrs = decl.attrs;
    if (p.lang !== undefined) attrs += ` xml:lang="${escapeAttr(p.lang)}"`;
    if (p.datatype !== undefined) attrs += ` rdf:datatype="${escapeAttr(p.datatype)}"`;
    if (p.value === '') return `${indent}<${name}${attrs}/>\n`;
    return `${indent}<${name}${attrs}>${escapeText(p.value)}</${name}>\n`;
  }

  private push(s: string): void {
    this.buffer += s;
    if (this.buffer.length >= this.bufferSize) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    const out = this.buffer;
    this.buffer = '';
    this.sink(out);
  }
}

/** Namespaces a model uses, in a stable order: the model's own declarations first, then the rest. */
export function namespacesOf(model: CimModel): Map<string, string> {
  const result = new Map<string, string>();
  const used = new Set<string>();
  const note = (ns: string): void => {
    if (ns !== '') used.add(ns);
  };
  if (model.header) for (const p of model.header.object.properties) note(p.ns);
  for (const o of model.objects) {
    note(o.ns);
    for (const p of o.properties) note(p.ns);
  }
  const prefixes = new Set<string>();
  for (const [prefix, ns] of model.namespaces) {
    if (used.has(ns) && !prefixes.has(prefix) && ![...result.values()].includes(ns)) {
      result.set(prefix, ns);
      prefixes.add(prefix);
    }
  }
  const rest = [...used].filter((ns) => ![...result.values()].includes(ns)).sort();
  let n = 0;
  for (const ns of rest) {
    let prefix = STANDARD_PREFIXES.get(ns);
    while (prefix === undefined || prefixes.has(prefix)) prefix = `ns${++n}`;
    result.set(prefix, ns);
    prefixes.add(prefix);
  }
  return result;
}

/** Writes a whole in-memory model; Difference Model objects are grouped by section in a fixed order. */
export function writeCimModel(model: CimModel, sink: WriteSink, options: WriterOptions = {}): void {
  const writer = new CimXmlWriter(sink, {
    ...options,
    namespaces: options.namespaces ?? namespacesOf(model),
    base: options.base ?? model.base,
  });
  writer.start(model.header);
  if (model.header?.kind === 'DifferenceModel') {
    for (const section of SECTION_ORDER) {
      const inSection = model.objects.filter((o) => o.section === section);
      if (inSection.length === 0) {
        if (section !== 'preconditions') writer.emptySection(section);
        continue;
      }
      for (const o of inSection) writer.object(o);
    }
  } else {
    for (const o of model.objects) writer.object(o);
  }
  writer.end();
}

/** Writes a whole model to a string. */
export function writeCimModelToString(model: CimModel, options: WriterOptions = {}): string {
  const parts: string[] = [];
  writeCimModel(model, (s) => parts.push(s), options);
  return parts.join('');
}
