/**
 * The one way to open a Yizhan SQLite file (node-only: `@yizhan/shared/sqlite`).
 * WAL with synchronous=FULL: a committed transaction survives a power cut, which the door relies on
 * (the visit is committed before the lock opens).
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** Migrations are files named `NNN-what.sql`, applied in order; `user_version` records the last one. */
export function openDatabase(path: string, migrationsDir: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // After each checkpoint the WAL file is cut back to this size, so it cannot keep a burst's size.
  db.pragma(`journal_size_limit = ${8 * 1024 * 1024}`);
  try {
    migrate(db, migrationsDir);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

function migrate(db: Db, dir: string): void {
  const files = readdirSync(dir)
    .filter((f) => /^\d{3}-[\w-]+\.sql$/.test(f))
    .sort();
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > files.length) {
    throw new Error(`database ${db.name} is at schema ${current}, newer than this program (${files.length})`);
  }
  for (const [index, file] of files.entries()) {
    const version = index + 1;
    if (Number(file.slice(0, 3)) !== version) throw new Error(`migration ${file} is out of sequence`);
    if (version <= current) continue;
    const sql = readFileSync(join(dir, file), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    })();
  }
}
