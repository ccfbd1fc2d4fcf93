// DuckDB in-process through @duckdb/node-api: an in-memory database and bulk loading through the
// appender, one data chunk (2,048 rows) at a time — never row-by-row INSERTs.

import { DOUBLE, DuckDBDataChunk, DuckDBInstance, INTEGER, LIST, VARCHAR, listValue, type DuckDBConnection, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';

/** Column types the heatmap tables use. */
export type ColumnKind = 'VARCHAR' | 'DOUBLE' | 'INTEGER' | 'DOUBLE[]';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
}

const TYPES: Readonly<Record<ColumnKind, DuckDBType>> = { VARCHAR, DOUBLE, INTEGER, 'DOUBLE[]': LIST(DOUBLE) };

const CHUNK = 2048;

/** One in-memory DuckDB database with one connection. Close it when done. */
export class HeatmapDb {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async open(): Promise<HeatmapDb> {
    const instance = await DuckDBInstance.create(':memory:');
    return new HeatmapDb(instance, await instance.connect());
  }

  /** Creates `table` and bulk-loads the column arrays (all the same length) through the appender. */
  async load(table: string, columns: readonly ColumnSpec[], values: readonly (readonly unknown[])[]): Promise<void> {
    const ddl = columns.map((c) => `"${c.name}" ${c.kind}`).join(', ');
    await this.connection.run(`CREATE OR REPLACE TABLE ${table} (${ddl})`);
    const n = values[0]?.length ?? 0;
    if (n === 0) return;
    const types = columns.map((c) => TYPES[c.kind]);
    const appender = await this.connection.createAppender(table);
    try {
      for (let off = 0; off < n; off += CHUNK) {
        const size = Math.min(CHUNK, n - off);
        const chunk = DuckDBDataChunk.create(types, size);
        chunk.setColumns(
          columns.map((c, i) => {
            const slice = values[i]!.slice(off, off + size);
            return c.kind === 'DOUBLE[]' ? slice.map((v) => (v === null ? null : listValue(v as number[]))) : (slice as DuckDBValue[]);
          }),
        );
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  async run(sql: string, params?: Record<string, DuckDBValue>): Promise<void> {
    await this.connection.run(sql, params);
  }

  /** Runs a query and returns its rows as plain JS objects (numbers, strings, arrays, null). */
  async rows(sql: string, params?: Record<string, DuckDBValue>): Promise<Record<string, unknown>[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** A path as an SQL string literal (for COPY ... TO, which takes no parameters). */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
