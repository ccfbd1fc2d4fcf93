// XML escaping for the writer: tests before replacing, so the common clean value costs one regex test.

const TEXT_SPECIAL = /[&<>\r]/;
const ATTR_SPECIAL = /[&<>"\t\n\r]/;
const TEXT_REPLACE = /[&<>\r]/g;
const ATTR_REPLACE = /[&<>"\t\n\r]/g;

const ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

function entityOf(ch: string): string {
  return ENTITY[ch]!;
}

/** Escapes element text; `\r` is written as a character reference so a reader keeps it. */
export function escapeText(value: string): string {
  return TEXT_SPECIAL.test(value) ? value.replace(TEXT_REPLACE, entityOf) : value;
}

/** Escapes an attribute value (double-quoted); whitespace controls become character references. */
export function escapeAttr(value: string): string {
  return ATTR_SPECIAL.test(value) ? value.replace(ATTR_REPLACE, entityOf) : value;
}
