// The diff of two files by bytes: both are read in span mode (no property records), each object of
// the new file is compared with the base object of the same identity by the bytes of their
// elements, and only the objects whose bytes differ (a few percent in a project) are decoded and
// compared statement by statement, as diffModels compares them. Same output as diffModels.

import type { CimInput } from '../cim-xml/inputs.js';
import { feedCimInput, loadCimInput, loadCimInputBytes } from '../cim-xml/inputs.js';
import type { CimModel, CimObject, ModelHeader } from '../cim-xml/model.js';
import { CimXmlReader, type ObjectSpan, type RootContext } from '../cim-xml/reader.js';
import type { SourceOptions } from '../cim-xml/sources.js';
import { decodeSpans, type SpanBytes } from '../cim-xml/spans.js';
import { isLtdsError } from '../errors/index.js';
import { FileBytes, MemoryBytes, stampOf, type BaseBytes, type FileStamp } from './base-bytes.js';
import { derivedUuid, description, diffModels, differenceHeader, missingFrom, sameInOrder, wholeObject, type DiffOptions } from './compute.js';
import { ModelIndex, entryKeys, type Equality, type IndexEntry } from './model-index.js';

/** The streaming diff's result: the Difference Model and the base classes of the objects it changes. */
export interface StreamDiffResult {
  diff: CimModel;
  /** Base class (`ns + local`) of each object the diff touches, for summaries. */
  classOf: Map<string, { ns: string; local: string }>;
  /**
   * How the new file's objects were compared: found equal by their bytes, decoded and compared
   * statement by statement, or new. Absent when the two models were compared whole.
   */
  compared?: { sameBytes: number; decoded: number; added: number };
}

/** Diffs two CIM documents. Gives exactly what {@link diffModels} gives. */
export async function diffCimInputs(baseInput: CimInput, nextInput: CimInput, options: DiffOptions = {}, read: SourceOptions = {}): Promise<StreamDiffResult> {
  try {
    return await diffBySpans(baseInput, nextInput, options, read);
  } catch (err) {
    if (!(err instanceof WholeModels)) throw err;
    const base = await loadCimInput(baseInput, read);
    const classOf = new Map<string, { ns: string; local: string }>();
    for (const e of ModelIndex.of(base).entries) classOf.set(e.id, { ns: e.ns, local: e.local });
    return { diff: diffModels(base, await loadCimInput(nextInput, read), options), classOf };
  }
}

/**
 * Inputs not compared by bytes: objects inside Difference Model sections, or an identity described
 * by several elements of the new file. They are compared as whole models instead.
 */
class WholeModels extends Error {}

/** Objects decoded and compared per batch, so memory stays bounded whatever the share of changes. */
const BATCH = 2048;

/** Where one element is in its file. */
interface Located {
  start: number;
  end: number;
  line: number;
  column: number;
}

/** The base's objects: identity → slot, and per slot where its element is (typed arrays, no object per slot). */
class BaseIndex {
  readonly slots = new Map<string, number>();
  size = 0;
  starts = new Float64Array(1024);
  ends = new Float64Array(1024);
  lines = new Int32Array(1024);
  columns = new Int32Array(1024);
  /** Slots described by several elements of the base: every element, merged when decoded. */
  readonly repeated = new Map<number, Located[]>();

  add(s: ObjectSpan): void {
    const o = s.object;
    const slot = this.slots.get(o.id);
    if (slot === undefined) {
      const n = this.size++;
      if (n === this.starts.length) this.grow();
      this.slots.set(o.id, n);
      this.starts[n] = s.start;
      this.ends[n] = s.end;
      this.lines[n] = o.line;
      this.columns[n] = o.column;
      return;
    }
    let all = this.repeated.get(slot);
    if (all === undefined) this.repeated.set(slot, (all = [this.first(slot)]));
    all.push({ start: s.start, end: s.end, line: o.line, column: o.column });
  }

  /** Every element that describes the object in `slot`, in file order. */
  elements(slot: number): Located[] {
    return this.repeated.get(slot) ?? [this.first(slot)];
  }

  private grow(): void {
    const n = this.starts.length * 2;
    const more = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.starts = more(this.starts, (k) => new Float64Array(k));
    this.ends = more(this.ends, (k) => new Float64Array(k));
    this.lines = more(this.lines, (k) => new Int32Array(k));
    this.columns = more(this.columns, (k) => new Int32Array(k));
  }

  private first(slot: number): Located {
    return { start: this.starts[slot]!, end: this.ends[slot]!, line: this.lines[slot]!, column: this.columns[slot]! };
  }
}

/** The base after its reading pass: where its elements' bytes come back from, its root and header. */
interface Base {
  bytes: BaseBytes;
  root: RootContext;
  header: ModelHeader | undefined;
}

/** Reads the base in span mode: a file streams (and is read again where needed), a zip entry is held. */
async function readBase(input: CimInput, read: SourceOptions, span: (s: ObjectSpan) => void): Promise<Base> {
  let header: ModelHeader | undefined;
  const reader = new CimXmlReader(
    {
      header: (h) => {
        header = h;
      },
      span,
    },
    { ...read, spans: true },
  );
  let bytes: BaseBytes;
  if (input.entry === undefined) {
    let stamp: FileStamp | undefined;
    try {
      stamp = stampOf(input.path);
    } catch {
      // feedCimInput reports a missing or unreadable file.
    }
    await feedCimInput(input, reader, read);
    bytes = new FileBytes(input.path, stamp ?? stampOf(input.path));
  } else {
    const all = await loadCimInputBytes(input);
    try {
      reader.write(all);
      reader.end();
    } catch (err) {
      if (isLtdsError(err)) err.inFile(input.name);
      throw err;
    }
    read.onProgress?.(all.length);
    bytes = new MemoryBytes(all);
  }
  return { bytes, root: reader.rootContext as RootContext, header };
}

/** True when an element's bytes mean the same statements under both roots. */
function sameContext(a: RootContext, b: RootContext): boolean {
  if (a.base !== b.base || a.lang !== b.lang) return false;
  // An unprefixed name and the xml: prefix resolve without a declaration, so those must agree
  // exactly; any other prefix used by an element parsed under both roots is declared in both.
  for (const p of ['', 'xml']) if (a.namespaces.get(p) !== b.namespaces.get(p)) return false;
  for (const [p, iri] of a.namespaces) {
    const other = b.namespaces.get(p);
    if (other !== undefined && other !== iri) return false;
  }
  return true;
}

function entryOf(o: CimObject): IndexEntry {
  return { id: o.id, first: o, ns: o.ns, local: o.local, properties: o.properties };
}

async function diffBySpans(baseInput: CimInput, nextInput: CimInput, options: DiffOptions, read: SourceOptions): Promise<StreamDiffResult> {
  const index = new BaseIndex();
  const base = await readBase(baseInput, read, (s) => {
    if (s.object.section !== 'model') throw new WholeModels();
    index.add(s);
  });
  try {
    return await againstNext(index, base, nextInput, options, read);
  } finally {
    base.bytes.close();
  }
}

/** Reads the new file, comparing each object with the base's as soon as its element closes. */
async function againstNext(index: BaseIndex, base: Base, nextInput: CimInput, options: DiffOptions, read: SourceOptions): Promise<StreamDiffResult> {
  const equality: Equality = options.exact ? 'exact' : 'numeric';
  const { slots, starts, ends, repeated } = index;
  const classOf = new Map<string, { ns: string; local: string }>();
  const removed: CimObject[] = [];
  const reverse: CimObject[] = [];
  const forward: CimObject[] = [];
  const forwardChanged: CimObject[] = [];

  /** The base entries of some slots, each merged over every element that describes it. */
  const baseEntries = (wanted: readonly { id: string; slot: number }[]): IndexEntry[] => {
    const spans: SpanBytes[] = [];
    const counts: number[] = [];
    for (const { id, slot } of wanted) {
      const all = index.elements(slot);
      for (const a of all) spans.push({ bytes: base.bytes.copy(a.start, a.end), id, line: a.line, column: a.column });
      counts.push(all.length);
    }
    const decoded = decodeSpans(spans, base.root);
    const out: IndexEntry[] = [];
    let k = 0;
    for (const n of counts) {
      out.push(n === 1 ? entryOf(decoded[k]!) : new ModelIndex(decoded.slice(k, k + n)).entries[0]!);
      k += n;
    }
    return out;
  };

  let nextRoot: RootContext | undefined;
  let nextHeader: ModelHeader | undefined;
  let namespaces = new Map<string, string>();
  let nextBase: string | undefined;
  let sameRoots = false;
  // Objects waiting to be decoded (their bytes copied): new ones, and ones whose bytes differ.
  let added: SpanBytes[] = [];
  let changed: { id: string; slot: number; next: SpanBytes }[] = [];
  const flushAdded = (): void => {
    for (const o of decodeSpans(added, nextRoot as RootContext)) forward.push(wholeObject(entryOf(o), 'forwardDifferences'));
    added = [];
  };
  const flushChanged = (): void => {
    const next = decodeSpans(
      changed.map((c) => c.next),
      nextRoot as RootContext,
    );
    const old = baseEntries(changed);
    for (let i = 0; i < next.length; i++) {
      const be = old[i]!;
      const ne = entryOf(next[i]!);
      if (sameInOrder(be, ne)) continue;
      classOf.set(ne.id, { ns: be.ns, local: be.local });
      const plus = missingFrom(ne, entryKeys(be, equality), equality);
      const minus = missingFrom(be, entryKeys(ne, equality), equality);
      if (minus.length > 0) reverse.push(description(be, 'reverseDifferences', minus));
      if (plus.length > 0) forwardChanged.push(description(ne, 'forwardDifferences', plus));
    }
    changed = [];
  };

  const compared = { sameBytes: 0, decoded: 0, added: 0 };
  const seenSlot = new Uint8Array(index.size);
  const seenNew = new Set<string>();
  const copied = (s: ObjectSpan): SpanBytes => ({ bytes: Buffer.from(reader.spanBytes(s)), id: s.object.id, line: s.object.line, column: s.object.column });
  const reader: CimXmlReader = new CimXmlReader(
    {
      root: (ns, b) => {
        namespaces = new Map(ns);
        nextBase = b;
        nextRoot = reader.rootContext as RootContext;
        sameRoots = sameContext(base.root, nextRoot);
      },
      header: (h) => {
        nextHeader = h;
      },
      span: (s) => {
        const o = s.object;
        if (o.section !== 'model') throw new WholeModels();
        const slot = slots.get(o.id);
        if (slot === undefined) {
          if (seenNew.has(o.id)) throw new WholeModels();
          seenNew.add(o.id);
          compared.added++;
          added.push(copied(s));
          if (added.length >= BATCH) flushAdded();
          return;
        }
        if (seenSlot[slot] === 1) throw new WholeModels();
        seenSlot[slot] = 1;
        // Same bytes under the same root context: the same statements, nothing to decode.
        const from = starts[slot]!;
        const to = ends[slot]!;
        if (sameRoots && to - from === s.end - s.start && !repeated.has(slot)) {
          const at = base.bytes.find(from, to);
          if (reader.spanEquals(s, base.bytes.buffer, at)) {
            compared.sameBytes++;
            return;
          }
        }
        compared.decoded++;
        changed.push({ id: o.id, slot, next: copied(s) });
        if (changed.length >= BATCH) flushChanged();
      },
    },
    { ...read, spans: true },
  );
  await feedCimInput(nextInput, reader, read);
  flushAdded();
  flushChanged();

  let gone: { id: string; slot: number }[] = [];
  const flushGone = (): void => {
    for (const e of baseEntries(gone)) removed.push(wholeObject(e, 'reverseDifferences'));
    gone = [];
  };
  for (const [id, slot] of slots) {
    if (seenSlot[slot] === 1) continue;
    gone.push({ id, slot });
    if (gone.length >= BATCH) flushGone();
  }
  flushGone();

  const created = options.created ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const id = options.id ?? derivedUuid(`ltds-diff\u0000${base.header?.id ?? ''}\u0000${nextHeader?.id ?? ''}\u0000${equality}`);
  const diff: CimModel = {
    header: differenceHeader(id, created, base.header, nextHeader),
    objects: [...removed, ...reverse, ...forward, ...forwardChanged],
    namespaces,
    ...(nextBase !== undefined ? { base: nextBase } : {}),
  };
  return { diff, classOf, compared };
}
