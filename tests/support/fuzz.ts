/**
 * Tools for the fuzz and security tests: structural edits of JSON, the routes a running Fastify instance serves (read from the
 * instance itself, so a new route is tried without editing a test) and a before/after picture of every
 * table of a SQLite file, taken on a separate read-only connection as an outside observer sees it.
 */
import Database from 'better-sqlite3';

export interface ServedRoute {
  method: string;
  /** Fastify's pattern, e.g. `/api/v1/stations/:id/bundle`; `/*` is a static wildcard. */
  url: string;
}

/** Every method and URL pattern the instance answers, parsed from `printRoutes({ commonPrefix: false })`. */
export function servedRoutes(app: { printRoutes(options: { commonPrefix: boolean }): string }): ServedRoute[] {
  const routes: ServedRoute[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    const url = (stack[depth - 1] ?? '') + match[2]!;
    stack[depth] = url;
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim())) {
      // A root wildcard prints as `*`; it answers `/…`.
      if (method) routes.push({ method, url: url.startsWith('/') ? url : `/${url}` });
    }
  }
  return routes;
}

export type DbPicture = Map<string, string>;

/** Reads all tables of one SQLite file; `picture()` is every row of every table, in a stable order. */
export class DbObserver {
  private readonly db: Database.Database;
  private readonly reads: { table: string; all: Database.Statement }[];

  /** `background`: tables written by the program's own timers (the hub's sweep lease), not by requests. */
  constructor(path: string, background: readonly string[] = []) {
    this.db = new Database(path, { readonly: true, fileMustExist: true });
    const tables = (
      this.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .pluck()
        .all() as string[]
    ).filter((table) => !background.includes(table));
    this.reads = tables.map((table) => ({ table, all: this.db.prepare(`SELECT * FROM "${table}"`) }));
  }

  get tables(): string[] {
    return this.reads.map((r) => r.table);
  }

  picture(): DbPicture {
    const picture: DbPicture = new Map();
    const read = this.db.transaction(() => {
      for (const { table, all } of this.reads) {
        // Sorted here: some tables are WITHOUT ROWID, and the order rows come back in is no change.
        picture.set(
          table,
          all
            .all()
            .map((row) => JSON.stringify(row))
            .sort()
            .join('\n'),
        );
      }
    });
    read();
    return picture;
  }

  /** The tables whose rows differ between two pictures. */
  static changed(before: DbPicture, after: DbPicture): string[] {
    return [...before.keys()].filter((t) => before.get(t) !== after.get(t));
  }

  count(table: string): number {
    return this.db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number;
  }

  close(): void {
    this.db.close();
  }
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One structural edit of a JSON value, aimed at its `at`-th slot (modulo the slots there are). */
export interface JsonEdit {
  at: number;
  kind: 'replace' | 'delete' | 'add';
  key: string;
  value: Json;
}

/** Applies an edit in place (returns the new root when the root itself is replaced). */
export function editJson(root: Json, e: JsonEdit): Json {
  // A copy: fast-check may hand the same object to two edits, which would make the value circular.
  const value = structuredClone(e.value);
  const slots: { parent: Json[] | { [k: string]: Json }; key: string | number }[] = [];
  const walk = (node: Json) => {
    if (Array.isArray(node)) {
      for (const [i, v] of node.entries()) {
        slots.push({ parent: node, key: i });
        walk(v);
      }
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        slots.push({ parent: node, key: k });
        walk(v);
      }
    }
  };
  walk(root);
  if (slots.length === 0) return value;
  const { parent, key } = slots[e.at % slots.length]!;
  if (e.kind === 'replace') (parent as Record<string | number, Json>)[key] = value;
  else if (e.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  } else if (Array.isArray(parent)) parent.push(value);
  // defineProperty, so that a key such as `__proto__` becomes a real own key, as JSON.parse would make it.
  else Object.defineProperty(parent, e.key, { value, enumerable: true, configurable: true, writable: true });
  return root;
}
