// The XML tokenizer on the reader's hot path: a purpose-built byte scanner over Buffers.
// It turns UTF-8 bytes into open/close/text callbacks, checks well-formedness, refuses DOCTYPE
// internal subsets (entity bombs). Tested against saxes. This file is the grammar; the input side
// (chunks, UTF-8 checks, kept bytes, positions) is scan-input.ts, line/column tracking positions.ts,
// the character tables chars.ts, references references.ts.

import { AMP, APOS, BANG, CR, EQ, GT, LT, NL, QMARK, QUOT, SLASH, isNameStart, isPiTarget, isWs, sameAscii, shownByte } from './chars.js';
import { ScanInput } from './scan-input.js';
import { expandReferences } from './references.js';

/** Callbacks of the scanner. They read the current token from the scanner they are given. */
export interface ScanHandler {
  /** An opening tag: `name`, `attrCount`, `attrNames`, `attrValues`, `selfClosing`. */
  open(s: XmlScanner): void;
  /** A closing tag (also called right after `open` for a self-closing tag): `name`. */
  close(s: XmlScanner): void;
  /** Character data between tags (text, CDATA, references): `textBlank`, `textValue()`. */
  text(s: XmlScanner): void;
}

/** Limits that turn hostile input into an error instead of a crash. */
export interface ScanLimits {
  /** Deepest element nesting (default 256). */
  maxDepth?: number;
  /** Largest single token: a tag with its attributes, a text run (joined across comments and CDATA), a comment (default 64 MiB). */
  maxTokenBytes?: number;
  /** Most attributes (namespace declarations included) on one element (default 5,000). */
  maxAttributes?: number;
}

/** The defaults of {@link ScanLimits}. */
export const SCAN_LIMIT_DEFAULTS: Required<ScanLimits> = { maxDepth: 256, maxTokenBytes: 64 * 1024 * 1024, maxAttributes: 5_000 };

/** Attribute counts up to this are checked for duplicates by a loop (the common case: a few); past it, by a set. */
const ATTR_LOOP = 16;

const EMPTY = Buffer.alloc(0);

const XML_DECL = /^xml\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*$/;

/**
 * Push-based XML scanner. Feed it with {@link write} and finish with {@link end}; it calls the
 * handler synchronously. Errors are thrown as {@link LtdsError} with line, column and offset.
 */
export class XmlScanner extends ScanInput {
  // Current token, read by the handler.
  name = '';
  attrCount = 0;
  readonly attrNames: string[] = [];
  readonly attrValues: string[] = [];
  selfClosing = false;
  textBlank = true;
  /** Element depth after the current open tag (root = 1). */
  depth = 0;

  private readonly handler: ScanHandler;
  private readonly maxDepth: number;
  private readonly maxAttributes: number;
  /** Attribute names of the current tag, once it has more than ATTR_LOOP of them. */
  private readonly attrSet = new Set<string>();
  private sawDoctype = false;

  private started = false;
  private bomLength = 0;

  private readonly stack: string[] = [];
  private seenRoot = false;

  // Text accumulated since the last tag: a slice of buf, or a string once it has several pieces.
  private textStart = 0;
  private textEnd = 0;
  private textFlags = 0;
  private textAcc: string | null = null;
  private hasText = false;

  constructor(handler: ScanHandler, limits: ScanLimits = {}) {
    super(limits.maxTokenBytes ?? SCAN_LIMIT_DEFAULTS.maxTokenBytes);
    this.handler = handler;
    this.maxDepth = limits.maxDepth ?? SCAN_LIMIT_DEFAULTS.maxDepth;
    this.maxAttributes = limits.maxAttributes ?? SCAN_LIMIT_DEFAULTS.maxAttributes;
  }

  /** Signals the end of input; throws if the document is incomplete. */
  end(): void {
    if (this.ended) return;
    if (this.pendingChunks.length > 0) this.append(EMPTY);
    this.ended = true;
    this.process(true);
    if (this.pos < this.buf.length) {
      this.fail('XML_TRUNCATED', 'the input ends inside a tag or comment', this.tokenIdx);
    }
    if (this.hasText) this.flushText();
    if (this.stack.length > 0) {
      const open = this.stack[this.stack.length - 1];
      this.fail('XML_TRUNCATED', `the input ends before element <${open}> is closed`, this.buf.length);
    }
    if (!this.seenRoot) this.fail('XML_NO_ROOT', 'the input holds no XML element', this.buf.length);
  }

  /** The text since the last tag, decoded, references expanded, line ends normalised. */
  textValue(): string {
    if (this.textAcc !== null) return this.textAcc;
    return this.decodeText(this.textStart, this.textEnd, this.textFlags);
  }

  /**
   * Checks the text since the last tag exactly as {@link textValue} would (references, non-characters)
   * without decoding it when there is nothing to check: for a reader that does not keep the text.
   */
  checkText(): void {
    if (this.textAcc === null && (this.textFlags & 5) !== 0) this.decodeText(this.textStart, this.textEnd, this.textFlags);
  }

  // ---- the scan loop -----------------------------------------------------------------------

  protected process(final: boolean): void {
    // The prologue first: UTF-16 or a zip is named as such, not reported as invalid UTF-8.
    if (!this.started) {
      if (!this.prologue(final)) return;
    }
    this.validate(final);
    const buf = this.buf;
    const len = buf.length;
    let pos = this.pos;
    while (pos < len) {
      const lt = buf.indexOf(LT, pos);
      if (lt === -1) {
        if (!final) {
          // Keep the partial text for the next chunk.
          this.wait(pos, LT);
          return;
        }
        this.addText(pos, len);
        pos = len;
        break;
      }
      if (lt > pos) this.addText(pos, lt);
      pos = lt;
      this.tokenIdx = lt;
      if (lt + 1 >= len) {
        if (!final) this.wait(lt, GT);
        else this.pos = lt;
        return;
      }
      const c = buf[lt + 1];
      let next: number;
      if (c === SLASH) next = this.closeTag(lt, final);
      else if (c === BANG) next = this.bang(lt, final);
      else if (c === QMARK) next = this.pi(lt, final);
      else next = this.openTag(lt, final);
      if (next < 0) {
        this.pos = lt;
        return;
      }
      pos = next;
      this.pos = pos;
    }
    this.pos = pos;
  }

  /** Skips a byte-order mark; refuses UTF-16 and zip archives by name. Returns false when more bytes are needed. */
  private prologue(final: boolean): boolean {
    const buf = this.buf;
    if (buf.length < 4 && !final) return false;
    // UTF-16 with a byte-order mark, or without one ('<' or '<?' as 16-bit units).
    const b0 = buf[0];
    const b1 = buf[1];
    if (buf.length >= 2 && ((b0 === 0xfe && b1 === 0xff) || (b0 === 0xff && b1 === 0xfe) || (b0 === LT && b1 === 0 && buf[3] === 0) || (b0 === 0 && b1 === LT && buf[2] === 0))) {
      this.fail('XML_ENCODING', 'the input is UTF-16, which is not supported; CIM XML is UTF-8 (convert it, e.g. with iconv -f UTF-16 -t UTF-8)', 0, { encoding: 'UTF-16' });
    }
    if (buf.length >= 4 && b0 === 0x50 && b1 === 0x4b && buf[2] === 3 && buf[3] === 4) {
      this.fail('XML_ENCODING', 'the input is a zip archive, not XML: give it a .zip name, or name one entry as archive.zip:entry', 0, { encoding: 'zip' });
    }
    if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
      this.pos = 3;
      this.bomLength = 3;
      this.lines.skipBom(3);
    }
    this.started = true;
    return true;
  }

  protected holdText(): void {
    if (this.hasText && this.textAcc === null) this.textAcc = this.decodeText(this.textStart, this.textEnd, this.textFlags);
  }

  // ---- text ----------------------------------------------------------------------------------

  /** Notes text in [a, b): flags say blank, '&', CR, non-ASCII; checks forbidden control bytes. */
  private addText(a: number, b: number): void {
    const buf = this.buf;
    let blank = 1;
    let flags = 0;
    for (let i = a; i < b; i++) {
      const c = buf[i]!;
      if (c <= 0x20) {
        if (c === 0x20 || c === NL || c === 0x09) continue;
        if (c === CR) {
          flags |= 2;
          continue;
        }
        this.fail('XML_SYNTAX', `control character 0x${c.toString(16).padStart(2, '0')} is not allowed in XML`, i);
      }
      blank = 0;
      if (c === AMP) flags |= 1;
      else if (c >= 0x80) flags |= 4;
      else if (c === GT && i >= a + 2 && buf[i - 1] === 0x5d && buf[i - 2] === 0x5d) {
        this.fail('XML_SYNTAX', "']]>' is not allowed in text", i - 2);
      }
    }
    if (this.stack.length === 0 && !blank) {
      this.fail('XML_TEXT_OUTSIDE_ROOT', this.seenRoot ? 'text after the root element' : 'text before the root element', a);
    }
    if (!this.hasText) {
      this.hasText = true;
      this.textStart = a;
      this.textEnd = b;
      this.textFlags = flags;
      this.textBlank = blank === 1;
      this.textAcc = null;
      return;
    }
    this.textBlank = this.textBlank && blank === 1;
    this.appendTextString(this.decodeText(a, b, flags));
  }

  private appendTextString(s: string): void {
    if (this.textAcc === null) this.textAcc = this.decodeText(this.textStart, this.textEnd, this.textFlags);
    // A text run split by comments or CDATA sections is one value: the limit applies to the joined text.
    if (this.textAcc.length + s.length > this.maxTokenBytes) {
      this.fail('XML_LIMIT', `a text run (joined across comments and CDATA sections) is larger than the limit of ${this.maxTokenBytes} bytes`, this.tokenIdx, { limit: 'maxTokenBytes', value: this.maxTokenBytes });
    }
    this.textAcc += s;
  }

  private flushText(): void {
    if (this.stack.length > 0) this.handler.text(this);
    this.hasText = false;
    this.textAcc = null;
    this.textBlank = true;
  }

  private decodeText(a: number, b: number, flags: number): string {
    let s = flags & 4 ? this.utf8Checked(a, b) : this.buf.latin1Slice(a, b);
    if (flags & 2) s = s.replace(/\r\n?/g, '\n');
    if (flags & 1) s = expandReferences(s, (code, reason, params) => this.fail(code, reason, a, params));
    return s;
  }

  // ---- tags ----------------------------------------------------------------------------------

  private openTag(lt: number, final: boolean): number {
    const buf = this.buf;
    const len = buf.length;
    let p = lt + 1;
    if (!isNameStart(buf[p]!)) this.fail('XML_SYNTAX', `'<' must be followed by an element name, found ${shownByte(buf[p])}`, lt);
    const nameStart = p;
    let high = false;
    let hash = 0;
    for (; p < len; p++) {
      const c = buf[p]!;
      if (c <= 0x20 || c === SLASH || c === GT) break;
      if (c >= 0x80) high = true;
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    if (p >= len) return this.incomplete(lt, final);
    const name = high ? this.checkedName(nameStart, p, 'element name') : this.intern(nameStart, p, hash, 'element name');
    let count = 0;
    let selfClosing = false;
    for (;;) {
      let sawWs = false;
      while (p < len && isWs(buf[p]!)) {
        p++;
        sawWs = true;
      }
      if (p >= len) return this.incomplete(lt, final);
      const c = buf[p]!;
      if (c === GT) {
        p++;
        break;
      }
      if (c === SLASH) {
        if (p + 1 >= len) return this.incomplete(lt, final);
        if (buf[p + 1] !== GT) this.fail('XML_SYNTAX', `expected '>' after '/' in <${name}>`, p);
        p += 2;
        selfClosing = true;
        break;
      }
      if (!sawWs) this.fail('XML_SYNTAX', `expected whitespace before attribute in <${name}>, found ${shownByte(c)}`, p);
      if (!isNameStart(c)) this.fail('XML_SYNTAX', `expected an attribute name in <${name}>, found ${shownByte(c)}`, p);
      const an = p;
      let ahigh = false;
      let ahash = 0;
      for (; p < len; p++) {
        const d = buf[p]!;
        if (d === EQ || d <= 0x20 || d === GT || d === SLASH) break;
        if (d >= 0x80) ahigh = true;
        ahash = (Math.imul(ahash, 31) + d) | 0;
      }
      if (p >= len) return this.incomplete(lt, final);
      const attrName = ahigh ? this.checkedName(an, p, `attribute name in <${name}>`) : this.intern(an, p, ahash, `attribute name in <${name}>`);
      while (p < len && isWs(buf[p]!)) p++;
      if (p >= len) return this.incomplete(lt, final);
      if (buf[p] !== EQ) this.fail('XML_SYNTAX', `expected '=' after attribute ${attrName} in <${name}>`, p);
      p++;
      while (p < len && isWs(buf[p]!)) p++;
      if (p >= len) return this.incomplete(lt, final);
      const q = buf[p];
      if (q !== QUOT && q !== APOS) this.fail('XML_SYNTAX', `expected a quoted value for attribute ${attrName} in <${name}>`, p);
      const close = buf.indexOf(q, p + 1);
      if (close === -1) return this.incomplete(lt, final);
      const value = this.attrValue(p + 1, close, attrName, name);
      if (count >= this.maxAttributes) this.fail('XML_LIMIT', `element <${name}> has more than the limit of ${this.maxAttributes} attributes`, lt, { limit: 'maxAttributes', value: this.maxAttributes });
      if (count < ATTR_LOOP) {
        for (let k = 0; k < count; k++) {
          if (this.attrNames[k] === attrName) this.fail('XML_SYNTAX', `attribute ${attrName} appears twice in <${name}>`, an);
        }
      } else {
        // Many attributes: a set keeps the duplicate check linear.
        if (count === ATTR_LOOP) {
          this.attrSet.clear();
          for (let k = 0; k < count; k++) this.attrSet.add(this.attrNames[k]!);
        }
        if (this.attrSet.has(attrName)) this.fail('XML_SYNTAX', `attribute ${attrName} appears twice in <${name}>`, an);
        this.attrSet.add(attrName);
      }
      this.attrNames[count] = attrName;
      this.attrValues[count] = value;
      count++;
      p = close + 1;
    }
    if (p - lt > this.maxTokenBytes) this.tokenTooLarge();
    if (this.hasText) this.flushText();
    if (this.stack.length === 0 && this.seenRoot) this.fail('XML_SECOND_ROOT', `a second root element <${name}> follows the first`, lt);
    this.name = name;
    this.attrCount = count;
    this.selfClosing = selfClosing;
    this.seenRoot = true;
    this.tokenIdx = lt;
    this.tokenEndIdx = p;
    this.stack.push(name);
    this.depth = this.stack.length;
    if (this.depth > this.maxDepth) this.fail('XML_LIMIT', `elements nest deeper than the limit of ${this.maxDepth}`, lt, { limit: 'maxDepth', value: this.maxDepth });
    this.handler.open(this);
    if (selfClosing) {
      this.stack.pop();
      this.name = name;
      this.handler.close(this);
      this.depth = this.stack.length;
    }
    return p;
  }

  private attrValue(a: number, b: number, attrName: string, elName: string): string {
    const buf = this.buf;
    let flags = 0;
    for (let i = a; i < b; i++) {
      const c = buf[i]!;
      if (c < 0x20) {
        if (c === 0x09 || c === NL || c === CR) flags |= 8;
        else this.fail('XML_SYNTAX', `control character 0x${c.toString(16).padStart(2, '0')} is not allowed in XML`, i);
      } else if (c === AMP) flags |= 1;
      else if (c === LT) this.fail('XML_SYNTAX', `'<' is not allowed in the value of attribute ${attrName} in <${elName}>`, i);
      else if (c >= 0x80) flags |= 4;
    }
    let s = flags & 4 ? this.utf8Checked(a, b) : buf.latin1Slice(a, b);
    // Attribute-value normalisation (XML 1.0 §3.3.3): literal whitespace becomes a space;
    // whitespace written as character references survives, so normalise before expanding.
    if (flags & 8) s = s.replace(/\r\n|[\r\n\t]/g, ' ');
    if (flags & 1) s = expandReferences(s, (code, reason, params) => this.fail(code, reason, a, params));
    return s;
  }

  private closeTag(lt: number, final: boolean): number {
    const buf = this.buf;
    const gt = buf.indexOf(GT, lt + 2);
    if (gt === -1) return this.incomplete(lt, final);
    let e = gt;
    while (e > lt + 2 && isWs(buf[e - 1]!)) e--;
    if (this.hasText) this.flushText();
    const open = this.stack.pop();
    // Compare the bytes with the open name before decoding anything: the common case matches.
    let name: string = open ?? '';
    if (open === undefined || !sameAscii(buf, lt + 2, e, open)) {
      let high = false;
      for (let i = lt + 2; i < e; i++) if (buf[i]! >= 0x80) high = true;
      name = high ? buf.utf8Slice(lt + 2, e) : buf.latin1Slice(lt + 2, e);
    }
    if (open === undefined) this.fail('XML_MISMATCHED_TAG', `closing tag </${name}> has no open element`, lt);
    if (open !== name) this.fail('XML_MISMATCHED_TAG', `closing tag </${name}> does not match the open element <${open}>`, lt, { expected: open, found: name });
    this.tokenIdx = lt;
    this.tokenEndIdx = gt + 1;
    this.name = name;
    this.handler.close(this);
    this.depth = this.stack.length;
    return gt + 1;
  }

  /** `<!--`, `<![CDATA[` and `<!DOCTYPE`. */
  private bang(lt: number, final: boolean): number {
    const buf = this.buf;
    const len = buf.length;
    if (lt + 4 > len) return this.incomplete(lt, final);
    if (buf[lt + 2] === 0x2d && buf[lt + 3] === 0x2d) {
      const end = buf.indexOf('-->', lt + 4, 'latin1');
      if (end === -1) return this.waitFor(lt, final);
      this.checkRawChars(lt + 4, end);
      return end + 3;
    }
    if (lt + 9 > len) return this.incomplete(lt, final);
    const head = buf.latin1Slice(lt, lt + 9);
    if (head === '<![CDATA[') {
      if (this.stack.length === 0) this.fail('XML_TEXT_OUTSIDE_ROOT', 'CDATA outside the root element', lt);
      const end = buf.indexOf(']]>', lt + 9, 'latin1');
      if (end === -1) return this.waitFor(lt, final);
      this.checkRawChars(lt + 9, end);
      const text = this.utf8Checked(lt + 9, end).replace(/\r\n?/g, '\n');
      if (!this.hasText) {
        if (text.length > this.maxTokenBytes) this.tokenTooLarge();
        this.hasText = true;
        this.textAcc = text;
        this.textBlank = !/[^ \t\n]/.test(text);
      } else {
        this.appendTextString(text);
        this.textBlank = this.textBlank && !/[^ \t\n]/.test(text);
      }
      return end + 3;
    }
    if (head === '<!DOCTYPE') {
      if (this.seenRoot) this.fail('XML_SYNTAX', 'a DOCTYPE must come before the root element', lt);
      if (this.sawDoctype) this.fail('XML_SYNTAX', 'a second DOCTYPE: a document has at most one', lt);
      // Refuse as soon as an internal subset starts: entity declarations are never expanded.
      for (let i = lt + 9; i < len; i++) {
        const c = buf[i];
        if (c === 0x5b) {
          this.fail('XML_DOCTYPE_REFUSED', 'a DOCTYPE with an internal subset (entity declarations) is refused', lt);
        }
        if (c === GT) {
          this.sawDoctype = true;
          return i + 1;
        }
      }
      return this.incomplete(lt, final);
    }
    this.fail('XML_SYNTAX', `unexpected ${JSON.stringify(head.slice(0, 4))}: expected a comment, CDATA or DOCTYPE`, lt);
  }

  /** Processing instructions and the XML declaration (whose encoding must be UTF-8). */
  private pi(lt: number, final: boolean): number {
    const buf = this.buf;
    const end = buf.indexOf('?>', lt + 2, 'latin1');
    if (end === -1) return this.waitFor(lt, final);
    this.checkRawChars(lt + 2, end);
    const body = buf.latin1Slice(lt + 2, end);
    const target = /^[^\s]*/.exec(body)?.[0] ?? '';
    if (target.toLowerCase() === 'xml') {
      if (target !== 'xml' || this.base + lt !== this.declarationOffset()) {
        this.fail('XML_SYNTAX', 'the XML declaration must be at the very start of the document', lt);
      }
      if (!XML_DECL.test(body)) {
        this.fail('XML_SYNTAX', 'malformed XML declaration: expected <?xml version="1.x" encoding="..." standalone="yes|no"?>', lt);
      }
      const enc = /encoding\s*=\s*["']([^"']*)["']/.exec(body)?.[1];
      if (enc !== undefined && !/^(utf-?8|us-ascii|ascii)$/i.test(enc)) {
        this.fail('XML_ENCODING', `the document declares encoding "${enc}"; expected UTF-8`, lt, { encoding: enc });
      }
    } else if (!isPiTarget(target)) {
      this.fail('XML_SYNTAX', "'<?' must be followed by a processing-instruction target name", lt);
    }
    return end + 2;
  }

  private declarationOffset(): number {
    return this.bomLength;
  }

  private incomplete(lt: number, final: boolean): number {
    if (final) this.fail('XML_TRUNCATED', 'the input ends inside a tag', lt);
    this.wait(lt, GT);
    return -1;
  }

  private waitFor(lt: number, final: boolean): number {
    if (final) this.fail('XML_TRUNCATED', 'the input ends inside a comment, CDATA section or processing instruction', lt);
    this.wait(lt, GT);
    return -1;
  }
}
