import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { buildHub } from '../src/app.ts';
import { parseHubConfig } from '../src/config.ts';
import { openDatabase } from '../src/sqlite/open-database.ts';

/** The schema version a fresh database reaches: one per migration file. */
const SCHEMA_VERSION = readdirSync(new URL('../src/sqlite/migrations/', import.meta.url)).filter((f) =>
  f.endsWith('.sql'),
).length;

describe('hub lifecycle', () => {
  it('leaves no handle behind after app.close(), even after serving on a real port', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yizhan-hub-life-'));
    try {
      const before = process.getActiveResourcesInfo();
      const app = await buildHub(parseHubConfig({ database: 'hub.db' }, { baseDir: dir }));
      await app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.server.address() as { port: number };
      expect(await getOnce(`http://127.0.0.1:${port}/healthz`)).toBe('{"status":"ok"}');
      await app.close();
      expect(await newResourcesSettled(before)).toEqual([]);
      // The database was closed: SQLite removes the WAL file when its last connection closes.
      expect(existsSync(join(dir, 'hub.db-wal'))).toBe(false);
      const db = new Database(join(dir, 'hub.db'), { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('opens the database with WAL, FULL sync and foreign keys, and migrates once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yizhan-hub-db-'));
    try {
      const path = join(dir, 'nested/hub.db');
      const first = openDatabase(path);
      expect(first.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(first.pragma('synchronous', { simple: true })).toBe(2);
      expect(first.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(first.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(first.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      const secret = first.prepare('SELECT value FROM hub_secrets').get();
      first.close();
      const second = openDatabase(path);
      // Re-opening does not re-run migration 001 (which would fail on existing tables or change the secret).
      expect(second.prepare('SELECT value FROM hub_secrets').get()).toEqual(secret);
      second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** One request on its own connection (no keep-alive agent that would outlive the test). */
function getOnce(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
}

/**
 * Resources present now that were not before (by type and count). Closed handles disappear on a later
 * turn of the event loop, so this waits for that, bounded at one second.
 */
async function newResourcesSettled(before: readonly string[]): Promise<string[]> {
  const extra = () => {
    const remaining = [...before];
    return process.getActiveResourcesInfo().filter((type) => {
      const i = remaining.indexOf(type);
      if (i === -1) return true;
      remaining.splice(i, 1);
      return false;
    });
  };
  const deadline = Date.now() + 1000;
  while (extra().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return extra();
}
