import { fileURLToPath } from 'node:url';
import { type Db, openDatabase as openSqlite } from '@yizhan/shared/sqlite';

export type { Db };

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Opens (creating if needed) the hub database and brings its schema up to date. */
export const openDatabase = (path: string): Db => openSqlite(path, MIGRATIONS_DIR);
