import { fileURLToPath } from 'node:url';
import { type Db, openDatabase } from '@yizhan/shared/sqlite';

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

export type { Db };
export const openStationDatabase = (path: string): Db => openDatabase(path, MIGRATIONS);
