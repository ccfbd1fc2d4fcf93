// Event streams of our scanner and of saxes in one comparable shape, for the agreement tests.

import { SaxesParser } from 'saxes';
import { XmlScanner } from '../../src/cim-xml/scanner.js';

/** One XML event: ['open', name, attrs] | ['close', name] | ['text', value]. */
export type XmlEvent = ['open', string, [string, string][]] | ['close', string] | ['text', string];

/** Events of our scanner, feeding `input` in chunks of `chunkSize` bytes (all at once when 0). */
export function scannerEvents(input: Buffer, chunkSize = 0): XmlEvent[] {
  const events: XmlEvent[] = [];
  const scanner = new XmlScanner({
    open(s) {
      const attrs: [string, string][] = [];
      for (let i = 0; i < s.attrCount; i++) attrs.push([s.attrNames[i]!, s.attrValues[i]!]);
      events.push(['open', s.name, attrs]);
    },
    close(s) {
      events.push(['close', s.name]);
    },
    text(s) {
      events.push(['text', s.textValue()]);
    },
  });
  if (chunkSize <= 0) scanner.write(input);
  else for (let i = 0; i < input.length; i += chunkSize) scanner.write(input.subarray(i, i + chunkSize));
  scanner.end();
  return events;
}

/** Events of saxes on the same input, with adjacent text and CDATA merged as our scanner does. */
export function saxesEvents(input: Buffer): XmlEvent[] {
  const events: XmlEvent[] = [];
  const parser = new SaxesParser({ xmlns: false });
  let text: string | null = null;
  const flush = (): void => {
    if (text !== null) events.push(['text', text]);
    text = null;
  };
  parser.on('opentag', (tag) => {
    flush();
    events.push(['open', tag.name, Object.entries(tag.attributes as Record<string, string>)]);
  });
  parser.on('closetag', (tag) => {
    flush();
    events.push(['close', tag.name]);
  });
  const addText = (t: string): void => {
    text = (text ?? '') + t;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('error', (e) => {
    throw e;
  });
  let s = input.toString('utf8');
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  parser.write(s).close();
  flush();
  // saxes reports text outside the root; our scanner only reports text inside it.
  let depth = 0;
  return events.filter((e) => {
    if (e[0] === 'open') depth++;
    else if (e[0] === 'close') depth--;
    else if (depth === 0) return false;
    return true;
  });
}
