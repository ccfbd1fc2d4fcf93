// XSD lexical forms (XML Schema 1.1 Part 2) for the datatypes CIM uses, and value comparison for
// the SHACL range constraints. No whitespace is collapsed: CIM XML writes values bare.

export const XSD = 'http://www.w3.org/2001/XMLSchema#';
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

/** True when `value` is in the lexical space of the XSD datatype (unknown datatypes accept anything). */
export function isLexicallyValid(datatype: string, value: string): boolean {
  if (!datatype.startsWith(XSD)) return true;
  const form = FORMS.get(datatype.slice(XSD.length));
  if (form === undefined) return !/[\ud800-\udfff\ufffe\uffff]/.test(value);
  return form.test(value);
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
