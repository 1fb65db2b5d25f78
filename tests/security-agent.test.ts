/**
 * The station agent's HTTP edge under abuse: bodies over its 64 KiB limit (declared or streamed in
 * chunks with no length) are refused with 413 before anything is read into the database, and a code
 * longer than any real one is refused at the schema. The station's SQLite file does not change.
 */
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeAgent } from '../station-agent/test/routes/agent.ts';
import { DbObserver } from './support/fuzz.ts';

let station: Awaited<ReturnType<typeof routeAgent>>;
let db: DbObserver;
beforeAll(async () => {
  station = await routeAgent();
  db = new DbObserver(join(station.agent.config.dataDir, 'station.db'));
  await station.agent.http.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  db?.close();
  await station?.close();
});

const POSTS = ['/api/door/scan', '/api/visits/walk-in', '/api/feedback'];

/** A POST whose body arrives in chunks without a Content-Length, as a misbehaving client would send it. */
function chunkedPost(port: number, path: string, bytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`,
      );
      const chunk = 'x'.repeat(8 * 1024);
      socket.write(`1\r\n{\r\n`);
      for (let sent = 0; sent < bytes; sent += chunk.length) {
        socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      }
      socket.write('0\r\n\r\n');
    });
    let head = '';
    socket.on('data', (c) => {
      head += c.toString();
    });
    // The server may answer and close before the client is done writing.
    socket.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err),
    );
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0)));
  });
}

describe('oversized requests to the station agent', () => {
  it('refuses a declared body over 64 KiB with 413 on every POST route; no row changes', async () => {
    const before = db.picture();
    for (const url of POSTS) {
      const res = await station.agent.http.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ code: 'YZ1.'.padEnd(70 * 1024, 'A'), category: 'rider' }),
      });
      expect(res.statusCode, url).toBe(413);
      expect(res.json()).toMatchObject({ error: { code: 'YZ_ERR_BODY_TOO_LARGE' } });
    }
    expect(DbObserver.changed(before, db.picture())).toEqual([]);
  });

  it('refuses a chunked body that grows past the limit, over a real socket; no row changes', async () => {
    const { port } = station.agent.http.server.address() as { port: number };
    const before = db.picture();
    for (const url of POSTS) expect(await chunkedPost(port, url, 200 * 1024), url).toBe(413);
    expect(DbObserver.changed(before, db.picture())).toEqual([]);
  });

  it('refuses a scanned code longer than any real one at the schema, recording nothing', async () => {
    const before = db.picture();
    const res = await station.agent.http.inject({
      method: 'POST',
      url: '/api/door/scan',
      payload: { code: `YZ1.${'A'.repeat(3000)}.B` },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: {
        code: 'YZ_ERR_INVALID_BODY',
        message: 'invalid body',
        issues: [{ path: 'code', message: 'Too big: expected string to have <=2048 characters' }],
      },
    });
    expect(DbObserver.changed(before, db.picture())).toEqual([]);
  });
});
