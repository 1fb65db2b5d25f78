import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterEach, expect, it } from 'vitest';
import { routeAgent } from './agent.ts';

let close: (() => Promise<void>) | undefined;
let dir: string;
afterEach(async () => {
  await close?.();
  rmSync(dir, { recursive: true, force: true });
});

/** A kiosk build as shared/src/build/precompress.ts leaves it: each text file with its .br and .gz beside it. */
function kioskBuild(): { dir: string; page: string; script: string } {
  dir = mkdtempSync(join(tmpdir(), 'yz-static-'));
  const page = '<!doctype html><html lang="zh-CN"><script type="module" src="./assets/index.js"></script></html>';
  const script = `export const words = ${JSON.stringify('冷可取暖 · 热可纳凉 · 渴可喝水 · 累可歇脚 '.repeat(200))};`;
  mkdirSync(join(dir, 'assets'));
  for (const [path, text] of [
    ['index.html', page],
    ['assets/index.js', script],
  ] as const) {
    writeFileSync(join(dir, path), text);
    writeFileSync(join(dir, `${path}.br`), brotliCompressSync(text));
    writeFileSync(join(dir, `${path}.gz`), gzipSync(text));
  }
  return { dir, page, script };
}

it('serves the precompressed kiosk files as the browser accepts them, and the plain ones to the rest', async () => {
  const build = kioskBuild();
  const built = await routeAgent({}, build.dir);
  close = built.close;
  const get = (url: string, encoding?: string) =>
    built.agent.http.inject({ url, headers: encoding ? { 'accept-encoding': encoding } : {} });

  const chromium = await get('/assets/index.js', 'gzip, deflate, br, zstd');
  expect(chromium.statusCode).toBe(200);
  expect(chromium.headers['content-encoding']).toBe('br');
  expect(chromium.headers.vary).toBe('accept-encoding');
  expect(chromium.rawPayload).toEqual(brotliCompressSync(build.script));
  expect(chromium.rawPayload.length).toBeLessThan(Buffer.byteLength(build.script) / 5);

  const gzipOnly = await get('/assets/index.js', 'gzip');
  expect(gzipOnly.headers['content-encoding']).toBe('gzip');
  expect(gzipOnly.rawPayload).toEqual(gzipSync(build.script));

  const plain = await get('/assets/index.js');
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(plain.body).toBe(build.script);

  const page = await get('/', 'gzip, deflate, br');
  expect(page.statusCode).toBe(200);
  expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(page.headers['content-encoding']).toBe('br');
  expect((await get('/')).body).toBe(build.page);
  expect((await get('/missing.js', 'br')).statusCode).toBe(404);
});
