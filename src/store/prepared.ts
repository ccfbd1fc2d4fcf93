// Queries compiled once: a hot path's query is built and compiled by Kysely the first time it runs
// on a store (per dialect), then each call only swaps in its values. Building and compiling a query
// costs more than running a primary-key lookup on SQLite (whose prepared statement the driver keeps),
// so the host's per-request lookups (the access key, the bearer token's account) use these.
//
//   const byId = preparedQuery((id: string) => (db: Kysely<T>) => db.selectFrom('t').selectAll().where('id', '=', id));
//   const rows = await byId.rows(store.db, 'x');     // also works inside a transaction (trx)

import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';

/** Stands for argument `i` while compiling; never a value a caller passes. */
const placeholder = (i: number) => `\u0000ltds-argument-${i}\u0000`;

/** How a compiled query's parameters are filled: a constant, or the index of an argument. */
type Slot = { value: unknown } | { argument: number };

interface Compiled {
  query: CompiledQuery;
  slots: Slot[];
}

/** A query whose values are the arguments of `build`, compiled once per dialect. */
export class PreparedQuery<A extends string[], R> {
  /** Compiled queries by the store's adapter (one per opened store, so per dialect). */
  private readonly compiled = new WeakMap<object, Compiled>();

  constructor(
    private readonly arity: number,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any store's query root
    private readonly build: (...args: A) => (db: Kysely<any>) => Compilable<R>,
  ) {}

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any store's query root
  private compiledFor(db: Kysely<any>): Compiled {
    const executor = db.getExecutor();
    let c = this.compiled.get(executor.adapter);
    if (c === undefined) {
      const args = Array.from({ length: this.arity }, (_, i) => placeholder(i)) as A;
      const query = this.build(...args)(db).compile();
      const slots = query.parameters.map((p): Slot => {
        const i = args.indexOf(p as string);
        return i === -1 ? { value: p } : { argument: i };
      });
      // Every argument must reach the SQL as a parameter; one folded into the text would be a bug here.
      for (let i = 0; i < this.arity; i++) if (!slots.some((s) => 'argument' in s && s.argument === i)) throw new Error(`prepared query: argument ${i} is not a parameter of ${query.sql}`);
      c = { query, slots };
      this.compiled.set(executor.adapter, c);
    }
    return c;
  }

  /** Runs the query with `args` on `db` (a store's query root or a transaction). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any store's query root
  async rows(db: Kysely<any>, ...args: A): Promise<R[]> {
    const { query, slots } = this.compiledFor(db);
    const parameters = slots.map((s) => ('argument' in s ? args[s.argument] : s.value));
    const result: QueryResult<R> = await db.executeQuery<R>({ ...query, parameters });
    return result.rows;
  }

  /** The first row, or undefined. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any store's query root
  async first(db: Kysely<any>, ...args: A): Promise<R | undefined> {
    return (await this.rows(db, ...args))[0];
  }
}

/** A query compiled once per dialect; `build` takes the values (strings) and returns the query. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any store's query root
export function preparedQuery<A extends string[], R>(build: (...args: A) => (db: Kysely<any>) => Compilable<R>): PreparedQuery<A, R> {
  return new PreparedQuery(build.length, build);
}
