// Every identity the files of a validation run describe, with its class and where it is declared.
//
// The class of an identity comes from its declaration, the typed description written with rdf:ID
// (IEC 61970-552: the file of the profile that owns the object, EQ for equipment). A typed
// rdf:about description elsewhere (SSH, TP, SV, DL) only describes it: it never changes a declared
// class. An identity no file declares takes the most specific class its descriptions give (equal
// or unrelated classes: the smallest class IRI, then the first file by name), so the result does not
// depend on the order the files are read in.

/** Identities: one map entry per identity (a number), the details in parallel columns. */
export class Identities {
  private readonly index = new Map<string, number>();
  /** The class IRI, '' while only untyped descriptions name the identity. */
  readonly cls: string[] = [];
  /** Per identity: file, line, column of the declaration (or chosen description), last file seen. */
  private num = new Int32Array(4 * 4096);
  /** 1 when an rdf:ID declaration set the class. */
  private decl = new Uint8Array(4096);

  /** The entry of an identity, or -1 when no file describes it. */
  find(id: string): number {
    return this.index.get(id) ?? -1;
  }

  /** The entry of an identity with a class (declared or described), or -1. */
  typed(id: string): number {
    const k = this.index.get(id);
    return k === undefined || this.cls[k] === '' ? -1 : k;
  }

  /** The entry of an identity declared with rdf:ID (its class is final), or -1. */
  declaredEntry(id: string): number {
    const k = this.index.get(id);
    return k === undefined || this.decl[k] === 0 ? -1 : k;
  }

  /** True when entry `k` was declared with rdf:ID. */
  isDeclared(k: number): boolean {
    return this.decl[k] === 1;
  }

  /** Adds an identity seen for the first time (no class yet). */
  add(id: string, file: number, line: number, column: number): number {
    const k = this.cls.length;
    this.index.set(id, k);
    this.cls.push('');
    if (4 * k + 4 > this.num.length) {
      const grown = new Int32Array(this.num.length * 2);
      grown.set(this.num);
      this.num = grown;
      const d = new Uint8Array(this.decl.length * 2);
      d.set(this.decl);
      this.decl = d;
    }
    this.place(k, file, line, column);
    this.num[4 * k + 3] = file;
    return k;
  }

  /** Records the rdf:ID declaration of entry `k`. */
  declare(k: number, cls: string, file: number, line: number, column: number): void {
    this.cls[k] = cls;
    this.decl[k] = 1;
    this.place(k, file, line, column);
  }

  /**
   * Records a typed description of an undeclared entry: its class becomes the description's when
   * that is more specific (`below(a, b)`: a is a strict subclass of b), or, between unrelated or equal
   * classes, the smaller IRI, then the file that sorts first (`fileOrder`), so any reading order ends
   * with the same choice.
   */
  describe(k: number, cls: string, file: number, line: number, column: number, below: (a: string, b: string) => boolean, fileOrder: (a: number, b: number) => number): void {
    const cur = this.cls[k]!;
    let take = cur === '';
    if (!take && cls !== cur) take = below(cls, cur) || (!below(cur, cls) && cls < cur);
    if (!take && cls === cur) take = fileOrder(file, this.file(k)) < 0;
    if (!take) return;
    this.cls[k] = cls;
    this.place(k, file, line, column);
  }

  private place(k: number, file: number, line: number, column: number): void {
    const n = this.num;
    n[4 * k] = file;
    n[4 * k + 1] = line;
    n[4 * k + 2] = column;
  }

  /** The file of the declaration (or the chosen description). */
  file(k: number): number {
    return this.num[4 * k]!;
  }

  line(k: number): number {
    return this.num[4 * k + 1]!;
  }

  column(k: number): number {
    return this.num[4 * k + 2]!;
  }

  /** Every identity with its entry. */
  entries(): IterableIterator<[string, number]> {
    return this.index.entries();
  }

  lastFile(k: number): number {
    return this.num[4 * k + 3]!;
  }

  setLastFile(k: number, file: number): void {
    this.num[4 * k + 3] = file;
  }
}
