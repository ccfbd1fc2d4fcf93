// XSD lexical forms (XML Schema 1.1 Part 2) for the datatypes CIM uses, and value comparison for
// the SHACL range constraints. No whitespace is collapsed: CIM XML writes values bare.

import { XSD_NS as XSD } from '../cim-xml/namespaces.js';

export { XSD };
export const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';

const TZ = '(Z|[+-]((0\\d|1[0-3]):[0-5]\\d|14:00))?';
const DATE = '-?([1-9]\\d{3,}|0\\d{3})-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])';
const TIME = '(([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d+)?|24:00:00(\\.0+)?)';

const FORMS: ReadonlyMap<string, RegExp> = new Map([
  ['float', /^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN)$/],
  ['double', /^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN)$/],
  ['decimal', /^[+-]?(\d+(\.\d*)?|\.\d+)$/],
  ['integer', /^[+-]?\d+$/],
  ['int', /^[+-]?\d+$/],
  ['long', /^[+-]?\d+$/],
  ['boolean', /^(true|false|1|0)$/],
  ['dateTime', new RegExp(`^${DATE}T${TIME}${TZ}$`)],
  ['date', new RegExp(`^${DATE}${TZ}$`)],
  ['time', new RegExp(`^${TIME}${TZ}$`)],
  ['gMonthDay', new RegExp(`^--(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])${TZ}$`)],
  ['duration', /^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/],
]);

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** xsd:float / xsd:double lexical form, hand-written (the hot path of every CIM attribute). */
function isFloat(s: string): boolean {
  const n = s.length;
  let i = 0;
  if (s === 'NaN') return true;
  const c0 = s.charCodeAt(0);
  if (c0 === 0x2b || c0 === 0x2d) i = 1;
  if (n - i === 3 && s.charCodeAt(i) === 0x49 && s.endsWith('INF')) return true;
  let digits = 0;
  while (i < n && isDigit(s.charCodeAt(i))) {
    i++;
    digits++;
  }
  if (i < n && s.charCodeAt(i) === 0x2e) {
    i++;
    while (i < n && isDigit(s.charCodeAt(i))) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return false;
  if (i < n && (s.charCodeAt(i) | 0x20) === 0x65) {
    i++;
    if (i < n && (s.charCodeAt(i) === 0x2b || s.charCodeAt(i) === 0x2d)) i++;
    let e = 0;
    while (i < n && isDigit(s.charCodeAt(i))) {
      i++;
      e++;
    }
    if (e === 0) return false;
  }
  return i === n;
}

/** xsd:integer (and int, long) lexical form. */
function isInteger(s: string): boolean {
  const n = s.length;
  let i = 0;
  const c0 = s.charCodeAt(0);
  if (c0 === 0x2b || c0 === 0x2d) i = 1;
  if (i === n) return false;
  for (; i < n; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

function isBoolean(s: string): boolean {
  return s === 'true' || s === 'false' || s === '1' || s === '0';
}

const HAND_WRITTEN: ReadonlyMap<string, (s: string) => boolean> = new Map([
  ['float', isFloat],
  ['double', isFloat],
  ['integer', isInteger],
  ['int', isInteger],
  ['long', isInteger],
  ['boolean', isBoolean],
]);

const anyValue = (): boolean => true;
const NON_CHARACTER = /[\ud800-\udfff\ufffe\uffff]/;
const noNonCharacter = (s: string): boolean => !NON_CHARACTER.test(s);
const checkers = new Map<string, (value: string) => boolean>();

/** The lexical-space test of a datatype IRI, built once per datatype (unknown datatypes accept anything). */
export function lexicalChecker(datatype: string): (value: string) => boolean {
  let f = checkers.get(datatype);
  if (f !== undefined) return f;
  if (!datatype.startsWith(XSD)) f = anyValue;
  else {
    const local = datatype.slice(XSD.length);
    const form = FORMS.get(local);
    f = HAND_WRITTEN.get(local) ?? (form !== undefined ? (s: string): boolean => form.test(s) : noNonCharacter);
  }
  checkers.set(datatype, f);
  return f;
}

/** True when `value` is in the lexical space of the XSD datatype (unknown datatypes accept anything). */
export function isLexicallyValid(datatype: string, value: string): boolean {
  return lexicalChecker(datatype)(value);
}

/** The short name of an XSD datatype (`xsd:float`), or the IRI for others. */
export function datatypeLabel(datatype: string): string {
  return datatype.startsWith(XSD) ? `xsd:${datatype.slice(XSD.length)}` : datatype;
}

const NUMERIC = new Set(['float', 'double', 'decimal', 'integer', 'int', 'long', 'short', 'byte', 'nonNegativeInteger', 'positiveInteger', 'nonPositiveInteger', 'negativeInteger', 'unsignedInt', 'unsignedLong']);

/** A typed literal for comparisons. */
export interface LiteralValue {
  value: string;
  datatype: string;
}

/**
 * Compares two literals as SHACL range constraints do: numbers by value, date/time types by their
 * lexical form (same datatype only). Returns undefined when they are not comparable (or ill-formed).
 */
export function compareLiterals(a: LiteralValue, b: LiteralValue): number | undefined {
  const an = a.datatype.startsWith(XSD) ? a.datatype.slice(XSD.length) : '';
  const bn = b.datatype.startsWith(XSD) ? b.datatype.slice(XSD.length) : '';
  if (NUMERIC.has(an) && NUMERIC.has(bn)) {
    if (!isLexicallyValid(a.datatype, a.value) || !isLexicallyValid(b.datatype, b.value)) return undefined;
    const x = Number(a.value.replace(/INF$/, 'Infinity'));
    const y = Number(b.value.replace(/INF$/, 'Infinity'));
    if (Number.isNaN(x) || Number.isNaN(y)) return undefined;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (an !== '' && an === bn && (an === 'dateTime' || an === 'date' || an === 'time')) {
    if (!isLexicallyValid(a.datatype, a.value) || !isLexicallyValid(b.datatype, b.value)) return undefined;
    return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  }
  return undefined;
}
