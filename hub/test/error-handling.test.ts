import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildHub } from '../src/app.ts';
import { parseHubConfig } from '../src/config.ts';
import { openSqliteHubStore } from '../src/sqlite/hub-store.ts';
import { STATION_A, sync, visit } from './hub-fixture.ts';

describe('root error handler', () => {
  it('answers an unexpected failure with a bare 500 that hides its details', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yizhan-hub-err-'));
    const config = parseHubConfig({ database: 'hub.db' }, { baseDir: dir });
    const store = openSqliteHubStore(join(dir, 'hub.db'));
    // A store whose ledger fails, as a full disk would.
    const failing = {
      ...store,
      sync: {
        ...store.sync,
        ingest: () => {
          throw new Error('SQLITE_FULL: database or disk is full at /secret/path');
        },
      },
    };
    const app = await buildHub(config, { store: failing });
    try {
      const { token } = await app.admin.addStation(STATION_A);
      const res = await sync(app, token, [visit(1, 'rider')]);
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ error: { code: 'YZ_ERR_INTERNAL', message: 'internal error' } });
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
