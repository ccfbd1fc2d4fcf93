// The CIM layer of the reader: turns scanner events into header and object records with positions,
// resolving namespaces, xml:base and xml:lang, and Difference Model sections.

import { LtdsError, type ErrorCode } from '../errors/index.js';
import type { Finding, ReaderRuleId } from '../findings/index.js';
import { headerFromObject, isHeaderClass, sectionOf } from './header.js';
import { normaliseId } from './identity.js';
import { resolveIri } from './iri.js';
import type { CimObject, ModelHeader, Property, QName, Section } from './model.js';
import { RDF_NS, XML_NS } from './namespaces.js';
import { XmlScanner, type ScanLimits } from './scanner.js';

/** A non-fatal note from the reader (for example a profile IRI that is two IRIs run together): a finding (src/findings). */
export interface ReadWarning extends Finding<ReaderRuleId> {
  severity: 'warning';
  /** The reader's code for it (`CIM_PROFILE_JOINED`), as `ltds inspect` prints it. */
  code: string;
  message: string;
  line: number;
  column: number;
}

/** What the reader reports, in document order. Every callback is optional. */
export interface CimHandler {
  /** The root element: its namespace declarations (prefix → IRI) and `xml:base`. */
  root?(namespaces: ReadonlyMap<string, string>, base: string | undefined): void;
  /** The model header; for Difference Models it comes before the first section's objects. */
  header?(header: ModelHeader): void;
  /** One object, when its element closes. */
  object?(object: CimObject): void;
  /**
   * Span mode ({@link ReaderOptions.spans}) only, instead of `object`: one object as the bytes of
   * its element, its identity, class, section and position, without its properties.
   */
  span?(span: ObjectSpan): void;
  warning?(warning: ReadWarning): void;
}

/** Reader options: scanner limits plus an object-count limit. */
export interface ReaderOptions extends ScanLimits {
  /** Most objects accepted in one file (default 50,000,000). */
  maxObjects?: number;
  /**
   * Span mode: report each object through `span` (where its element's bytes are) and build no
   * property records. The input is checked exactly as in the normal mode. The header is still
   * reported whole. For consumers that compare objects by their bytes and decode few of them.
   */
  spans?: boolean;
}

/** An object read in span mode: the object without properties, and where its element is. */
export interface ObjectSpan {
  /** Identity, class, section and position; `properties` is empty. */
  object: CimObject;
  /** Absolute byte offset of the element's `<`. */
  start: number;
  /** Absolute byte offset just past the element's end tag (or `/>`). */
  end: number;
  /** How many property records the normal mode would have given the object (rdf:type included). */
  properties: number;
}

/** The namespaces, `xml:base` and `xml:lang` in scope on the root element. */
export interface RootContext {
  namespaces: ReadonlyMap<string, string>;
  base: string | undefined;
  lang: string | undefined;
}

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

// Frame kinds on the element stack.
const F_ROOT = 1;
const F_OBJECT = 2;
const F_PROPERTY = 3;
const F_SECTION = 4;

interface Scope {
  ns: Map<string, string>;
  base: string | undefined;
  lang: string | undefined;
}

/**
 * The push-based CIM XML reader. Feed bytes with {@link write}, finish with {@link end}; records
 * arrive at the handler as they complete, so memory stays flat whatever the file size.
 */
export class CimXmlReader {
  /** Prefix → namespace declared on the root element, in declaration order. */
  readonly namespaces = new Map<string, string>();
  /** `xml:base` on the root, if any. */
  rootBase: string | undefined;
  /** The header, once read. */
  headerRecord: ModelHeader | undefined;
  objectCount = 0;
  /** The root element's context (namespaces, base, language), once the root is read. */
  rootContext: RootContext | undefined;

  private readonly scanner: XmlScanner;
  private readonly handler: CimHandler;
  private readonly maxObjects: number;
  private readonly spans: boolean;
  /** Span mode: the one property record reused for every property (checked, never kept). */
  private readonly scratch: Property = { ns: '', local: '', ref: false, value: '', lang: undefined, datatype: undefined, line: 0, column: 0 };
  private objectStart = 0;
  /** True while reading an object whose properties are not kept (span mode, not the header). */
  private lean = false;
  /** Span mode: the properties of the current lean object, counted instead of kept. */
  private leanProperties = 0;

  private readonly kinds: number[] = [];
  private readonly scopes: (Scope | null)[] = [];
  private scope: Scope = { ns: new Map([['xml', XML_NS]]), base: undefined, lang: undefined };
  private elementCache = new Map<string, QName>();
  private attrCache = new Map<string, QName>();

  private object: CimObject | null = null;
  private headerObject: CimObject | null = null;
  private headerEmitted = false;
  private property: Property | null = null;
  private section: Section = 'model';
  private blank = 0;

  constructor(handler: CimHandler, options: ReaderOptions = {}) {
    this.handler = handler;
    this.maxObjects = options.maxObjects ?? 50_000_000;
    this.spans = options.spans === true;
    this.scanner = new XmlScanner(
      {
        open: (s) => this.onOpen(s),
        close: (s) => this.onClose(s),
        text: (s) => this.onText(s),
      },
      options,
    );
  }

  /** Feeds the next chunk of the file. */
  write(chunk: Buffer): void {
    this.scanner.write(chunk);
  }

  /**
   * The bytes of an object's element, inside the `span` callback that reports it (span mode): a view
   * of the chunk given to {@link write} when it holds the whole element, else a copy.
   */
  spanBytes(span: ObjectSpan): Buffer {
    return this.scanner.bytesBetween(span.start, span.end);
  }

  /** True when the bytes of an object's element (inside its `span` callback) equal `other` from `at`. */
  spanEquals(span: ObjectSpan, other: Buffer, at: number): boolean {
    return this.scanner.sameBytes(span.start, span.end, other, at);
  }

  /**
   * True when the reader still holds views of chunks given to {@link write} (a token longer than a
   * chunk): a caller that reuses its chunk buffers must give the next chunk a fresh one.
   */
  get holdsChunks(): boolean {
    return this.scanner.holdsChunks;
  }

  /** Ends the input; throws if the document is incomplete. */
  end(): void {
    this.scanner.end();
    if (this.headerObject && !this.headerEmitted) this.emitHeader();
  }

  // ---- names -----------------------------------------------------------------------------------

  private elementName(name: string): QName {
    const cached = this.elementCache.get(name);
    if (cached) return cached;
    const q = this.resolve(name, true);
    this.elementCache.set(name, q);
    return q;
  }

  private attrName(name: string): QName {
    const cached = this.attrCache.get(name);
    if (cached) return cached;
    const q = this.resolve(name, false);
    this.attrCache.set(name, q);
    return q;
  }

  private resolve(name: string, element: boolean): QName {
    const colon = name.indexOf(':');
    if (colon === -1) {
      if (name === 'xmlns') return { ns: XMLNS_NS, local: '' };
      return { ns: element ? (this.scope.ns.get('') ?? '') : '', local: name };
    }
    const prefix = name.slice(0, colon);
    const local = name.slice(colon + 1);
    if (prefix === 'xmlns') return { ns: XMLNS_NS, local };
    const ns = this.scope.ns.get(prefix);
    if (ns === undefined) this.fail('CIM_UNBOUND_PREFIX', `prefix '${prefix}' of <${name}> is not declared`, { prefix, name });
    return { ns, local };
  }

  private fail(code: ErrorCode, reason: string, params: Record<string, unknown> = {}): never {
    const s = this.scanner;
    throw new LtdsError(code, reason, params, { line: s.tokenLine, column: s.tokenColumn, offset: s.tokenOffset });
  }

  /** Applies xmlns, xml:base and xml:lang of the current tag; pushes a scope when they change it. */
  private enterScope(s: XmlScanner): void {
    let next: Scope | null = null;
    for (let i = 0; i < s.attrCount; i++) {
      const n = s.attrNames[i]!;
      if (n.charCodeAt(0) !== 0x78 /* x */) continue;
      if (n === 'xmlns' || n.startsWith('xmlns:')) {
        next ??= { ns: new Map(this.scope.ns), base: this.scope.base, lang: this.scope.lang };
        next.ns.set(n === 'xmlns' ? '' : n.slice(6), s.attrValues[i]!);
      } else if (n === 'xml:base') {
        next ??= { ns: this.scope.ns, base: this.scope.base, lang: this.scope.lang };
        next.base = this.scope.base === undefined ? s.attrValues[i] : resolveIri(s.attrValues[i]!, this.scope.base);
      } else if (n === 'xml:lang') {
        next ??= { ns: this.scope.ns, base: this.scope.base, lang: this.scope.lang };
        next.lang = s.attrValues[i];
      }
    }
    if (next) {
      this.scopes.push(this.scope);
      if (next.ns !== this.scope.ns) {
        this.elementCache = new Map();
        this.attrCache = new Map();
      }
      this.scope = next;
    } else {
      this.scopes.push(null);
    }
  }

  private leaveScope(): void {
    const saved = this.scopes.pop();
    if (saved) {
      if (saved.ns !== this.scope.ns) {
        this.elementCache = new Map();
        this.attrCache = new Map();
      }
      this.scope = saved;
    }
  }

  // ---- events ------------------------------------------------------------------------------------

  private onOpen(s: XmlScanner): void {
    this.enterScope(s);
    const depth = this.kinds.length;
    const parent = depth === 0 ? 0 : this.kinds[depth - 1];
    if (parent === 0) {
      const q = this.elementName(s.name);
      if (q.ns !== RDF_NS || q.local !== 'RDF') this.fail('CIM_ROOT', `the root element is <${s.name}>; expected rdf:RDF`, { found: s.name });
      for (let i = 0; i < s.attrCount; i++) {
        const n = s.attrNames[i]!;
        if (n.startsWith('xmlns:')) this.namespaces.set(n.slice(6), s.attrValues[i]!);
        else if (n === 'xmlns') this.namespaces.set('', s.attrValues[i]!);
      }
      this.rootBase = this.scope.base;
      this.rootContext = { namespaces: this.namespaces, base: this.scope.base, lang: this.scope.lang };
      this.kinds.push(F_ROOT);
      this.handler.root?.(this.namespaces, this.rootBase);
    } else if (parent === F_ROOT || parent === F_SECTION) {
      this.openObject(s, parent === F_ROOT);
      this.kinds.push(F_OBJECT);
    } else if (parent === F_OBJECT) {
      this.kinds.push(this.openProperty(s));
    } else {
      const prop = this.property;
      this.fail('CIM_UNSUPPORTED', `element <${s.name}> nested inside property <${prop ? prop.local : ''}>: CIM XML properties hold a literal or an rdf:resource reference`, { element: s.name });
    }
  }

  private openObject(s: XmlScanner, topLevel: boolean): void {
    if (++this.objectCount > this.maxObjects) {
      this.fail('XML_LIMIT', `more than ${this.maxObjects} objects in one file`, { limit: 'maxObjects', value: this.maxObjects });
    }
    const q = this.elementName(s.name);
    const typed = !(q.ns === RDF_NS && q.local === 'Description');
    const o: CimObject = {
      ns: typed ? q.ns : '',
      local: typed ? q.local : '',
      id: '',
      rawId: '',
      idForm: 'none',
      section: this.section,
      properties: [],
      line: s.tokenLine,
      column: s.tokenColumn,
    };
    if (this.scope.base !== undefined) o.base = this.scope.base;
    const header = topLevel && typed && isHeaderClass(q.ns, q.local);
    this.lean = this.spans && !header;
    this.leanProperties = 0;
    for (let i = 0; i < s.attrCount; i++) {
      const a = this.attrName(s.attrNames[i]!);
      if (a.ns === RDF_NS) {
        if (a.local === 'ID' || a.local === 'about' || a.local === 'nodeID') {
          if (o.idForm !== 'none') this.fail('XML_SYNTAX', `<${s.name}> has more than one of rdf:ID, rdf:about and rdf:nodeID`, { element: s.name });
          o.idForm = a.local;
          o.rawId = s.attrValues[i]!;
          o.id = a.local === 'nodeID' ? `_:${o.rawId}` : normaliseId(o.rawId);
        } else if (a.local === 'type') {
          if (!this.lean) o.properties.push({ ns: RDF_NS, local: 'type', ref: true, value: s.attrValues[i]!, line: o.line, column: o.column });
          else this.leanProperties++;
        } else {
          this.fail('CIM_UNSUPPORTED', `attribute rdf:${a.local} is not allowed on object <${s.name}>`, { attribute: s.attrNames[i] });
        }
      } else if (a.ns === XMLNS_NS || a.ns === XML_NS) {
        continue;
      } else if (a.ns === '') {
        this.fail('CIM_UNSUPPORTED', `unqualified attribute '${s.attrNames[i]}' on object <${s.name}>`, { attribute: s.attrNames[i] });
      } else {
        // A property attribute: a literal property written on the object element.
        if (this.lean) {
          this.leanProperties++;
          continue;
        }
        const p: Property = { ns: a.ns, local: a.local, ref: false, value: s.attrValues[i]!, line: o.line, column: o.column };
        if (this.scope.lang !== undefined) p.lang = this.scope.lang;
        o.properties.push(p);
      }
    }
    if (o.idForm === 'none') o.id = `_:genid${++this.blank}`;
    if (header) {
      if (this.headerObject) this.fail('CIM_DUPLICATE_HEADER', `a second model header <${s.name}> (the first is ${this.headerObject.rawId})`, { first: this.headerObject.rawId });
      o.section = 'model';
      this.headerObject = o;
    }
    this.object = o;
    this.objectStart = s.tokenOffset;
    if (this.lean) s.keep(this.objectStart);
  }

  private openProperty(s: XmlScanner): number {
    const q = this.elementName(s.name);
    const o = this.object as CimObject;
    const p: Property = this.lean ? this.reuseScratch(q) : { ns: q.ns, local: q.local, ref: false, value: '', line: s.tokenLine, column: s.tokenColumn };
    let parseType: string | undefined;
    for (let i = 0; i < s.attrCount; i++) {
      const n = s.attrNames[i]!;
      if (n === 'parseType') {
        // Seen in real Difference Models: parseType without the rdf: prefix.
        parseType = s.attrValues[i];
        continue;
      }
      const a = this.attrName(n);
      if (a.ns === RDF_NS) {
        if (a.local === 'resource') {
          p.ref = true;
          p.value = s.attrValues[i]!;
        } else if (a.local === 'nodeID') {
          p.ref = true;
          p.value = `_:${s.attrValues[i]}`;
        } else if (a.local === 'datatype') {
          p.datatype = this.scope.base === undefined ? s.attrValues[i] : resolveIri(s.attrValues[i]!, this.scope.base);
        } else if (a.local === 'parseType') {
          parseType = s.attrValues[i];
        } else {
          this.fail('CIM_UNSUPPORTED', `attribute rdf:${a.local} on property <${s.name}> is not supported in CIM XML`, { attribute: n });
        }
      } else if (a.ns === XMLNS_NS) {
        continue;
      } else if (a.ns === XML_NS) {
        continue;
      } else {
        this.fail('CIM_UNSUPPORTED', `attribute '${n}' on property <${s.name}>: CIM XML properties hold a literal or an rdf:resource reference`, { attribute: n });
      }
    }
    const saved = this.scopes[this.scopes.length - 1];
    if (p.ref && saved && saved.base !== this.scope.base && !p.value.startsWith('_:')) {
      // xml:base set on the property element itself: keep the reference absolute.
      p.value = resolveIri(p.value, this.scope.base as string);
    }
    if (parseType !== undefined) {
      const section = parseType === 'Statements' && o === this.headerObject ? sectionOf(q.ns, q.local) : undefined;
      if (section === undefined) {
        if (parseType === 'Statements') this.fail('CIM_BAD_SECTION', `<${s.name} parseType="Statements"> is not a Difference Model section of the header`, { element: s.name });
        this.fail('CIM_UNSUPPORTED', `parseType="${parseType}" on <${s.name}> is not used in CIM XML`, { parseType });
      }
      if (!this.headerEmitted) this.emitHeader();
      this.section = section;
      this.object = null;
      return F_SECTION;
    }
    // RDF/XML: a typed literal carries no language tag even when xml:lang is in scope.
    if (!p.ref && p.datatype === undefined && this.scope.lang !== undefined && this.scope.lang !== '') p.lang = this.scope.lang;
    this.property = p;
    return F_PROPERTY;
  }

  private onText(s: XmlScanner): void {
    const kind = this.kinds[this.kinds.length - 1];
    const p = this.property;
    if (kind === F_PROPERTY && p !== null) {
      if (p.ref) {
        if (!s.textBlank) this.fail('CIM_UNEXPECTED_TEXT', `property <${p.local}> has both rdf:resource and text`, { property: p.local });
        return;
      }
      if (this.lean) s.checkText();
      else p.value = s.textValue();
      return;
    }
    if (!s.textBlank) {
      const text = s.textValue().trim();
      const where = kind === F_OBJECT ? 'a property' : 'an object';
      this.fail('CIM_UNEXPECTED_TEXT', `text '${text.length > 40 ? text.slice(0, 40) + '…' : text}' where ${where} was expected`, { text: text.slice(0, 200) });
    }
  }

  private onClose(s: XmlScanner): void {
    const kind = this.kinds.pop();
    if (kind === F_PROPERTY) {
      if (!this.lean) (this.object as CimObject).properties.push(this.property as Property);
      else this.leanProperties++;
      this.property = null;
    } else if (kind === F_OBJECT) {
      const o = this.object as CimObject;
      this.object = null;
      if (o === this.headerObject) {
        if (!this.headerEmitted) this.emitHeader();
      } else if (this.lean) {
        this.handler.span?.({ object: o, start: this.objectStart, end: s.tokenEndOffset, properties: this.leanProperties });
        s.release();
      } else {
        this.handler.object?.(o);
      }
    } else if (kind === F_SECTION) {
      this.section = 'model';
      this.lean = false;
      this.object = this.headerObject;
    }
    this.leaveScope();
  }

  /** The scratch property, reset for a new property element (span mode). */
  private reuseScratch(q: QName): Property {
    const p = this.scratch;
    p.ns = q.ns;
    p.local = q.local;
    p.ref = false;
    p.value = '';
    p.lang = undefined;
    p.datatype = undefined;
    return p;
  }

  private emitHeader(): void {
    const h = headerFromObject(this.headerObject as CimObject);
    this.headerEmitted = true;
    this.headerRecord = h;
    for (const p of h.object.properties) {
      if (p.local === 'Model.profile' || p.local === 'conformsTo') {
        const second = p.value.indexOf('http', 1);
        if (second > 0) {
          this.handler.warning?.({
            severity: 'warning',
            rule: 'reader-profile-joined',
            code: 'CIM_PROFILE_JOINED',
            message: `profile IRI '${p.value}' looks like two IRIs run together ('${p.value.slice(0, second)}' and '${p.value.slice(second)}'); kept as written`,
            params: { value: p.value, first: p.value.slice(0, second), second: p.value.slice(second) },
            line: p.line,
            column: p.column,
          });
        }
      }
    }
    this.handler.header?.(h);
  }
}
