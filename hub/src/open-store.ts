import type { DatabaseConfig } from './config.ts';
import { openPostgresHubStore } from './postgres/hub-store.ts';
import { openSqliteHubStore } from './sqlite/hub-store.ts';
import type { HubStore } from './store.ts';

/** The store of the configured engine, opened and migrated. */
export async function openHubStore(
  database: DatabaseConfig,
  onConnectionError: (err: unknown, what: string) => void,
): Promise<HubStore> {
  if (database.engine === 'sqlite') return openSqliteHubStore(database.path);
  return openPostgresHubStore({ ...database, onConnectionError });
}
