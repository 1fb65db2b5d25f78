/**
 * deploy/kiosk/yizhan-kiosk.sh as a station runs it (Chromium headless here): it opens the kiosk with DevTools on
 * 127.0.0.1, starts Chromium again when it exits, and restarts it when the page stops answering (the agent says
 * it stopped sending heartbeats).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CHROMIUM_PATH } from './support/browser.ts';
import { freePort } from './support/ports.ts';
import { type Stack, startStack } from './support/stack.ts';
import { waitFor } from './support/wait.ts';

const SCRIPT = fileURLToPath(new URL('../deploy/kiosk/yizhan-kiosk.sh', import.meta.url));

describe('the kiosk launcher', () => {
  let stack: Stack;
  let launcher: ChildProcess;
  let port: number;
  const log: string[] = [];

  /** The running browser's id (it changes with every start of Chromium). */
  const browserId = async (): Promise<string | undefined> => {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/json/version`);
      return ((await res.json()) as { webSocketDebuggerUrl: string }).webSocketDebuggerUrl;
    } catch {
      return undefined;
    }
  };
  /** Chromium's main process: the launcher's child. */
  const chromiumPid = (): number | undefined => {
    try {
      const out = execFileSync('pgrep', ['-P', String(launcher.pid), '-f', 'chromium'], { encoding: 'utf8' });
      return Number(out.trim().split('\n')[0]);
    } catch {
      return undefined;
    }
  };
  const kioskStatus = async () =>
    ((await (await fetch(`${stack.kioskUrl}/healthz`)).json()) as { kiosk: { status: string } }).kiosk.status;

  beforeAll(async () => {
    port = await freePort();
    stack = await startStack({ kiosk: { devtoolsPort: port, heartbeatTimeoutSeconds: 3 } });
    launcher = spawn('sh', [SCRIPT], {
      env: {
        ...process.env,
        YIZHAN_KIOSK_URL: `${stack.kioskUrl}/`,
        YIZHAN_KIOSK_DEVTOOLS_PORT: String(port),
        YIZHAN_CHROMIUM: CHROMIUM_PATH,
        YIZHAN_KIOSK_CHROMIUM_FLAGS: '--headless --no-sandbox --disable-gpu --window-size=1080,1920',
        YIZHAN_KIOSK_CHECK_SECONDS: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    launcher.stderr!.on('data', (d) => log.push(d.toString()));
  });
  afterAll(async () => {
    if (launcher?.exitCode === null) {
      const exited = new Promise((resolve) => launcher.once('exit', resolve));
      launcher.kill('SIGTERM');
      await exited;
    }
    await stack?.close();
  });

  it('opens the kiosk, whose page is then alive at the agent', async () => {
    await waitFor(browserId, { timeoutMs: 20_000, what: `Chromium's DevTools (${log.join('')})` });
    await waitFor(async () => (await kioskStatus()) === 'ok', { timeoutMs: 20_000, what: 'the kiosk page alive' });
  });

  it('starts Chromium again when it exits', async () => {
    const before = await browserId();
    const pid = chromiumPid();
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, 'SIGKILL');
    const after = await waitFor(
      async () => {
        const id = await browserId();
        return id !== undefined && id !== before ? id : undefined;
      },
      { timeoutMs: 30_000, what: 'a new Chromium' },
    );
    expect(after).not.toBe(before);
    expect(log.join('')).toContain('Chromium ended; starting it again');
  });

  it('restarts Chromium when the page stops answering', async () => {
    await waitFor(async () => (await kioskStatus()) === 'ok', { timeoutMs: 20_000, what: 'the kiosk page alive' });
    const before = await browserId();
    // Hang the page's script through DevTools, as a runaway page would.
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
      type: string;
      webSocketDebuggerUrl: string;
    }[];
    const page = targets.find((t) => t.type === 'page')!;
    const socket = new WebSocket(page.webSocketDebuggerUrl);
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression: 'for (;;) {}' } }));
    await waitFor(async () => (await kioskStatus()) === 'not-responding', { timeoutMs: 15_000, what: 'the page hung' });
    await waitFor(
      async () => {
        const id = await browserId();
        return id !== undefined && id !== before ? id : undefined;
      },
      { timeoutMs: 30_000, what: 'Chromium restarted' },
    );
    socket.terminate();
    expect(log.join('')).toContain('Chromium is not answering; restarting it');
    await waitFor(async () => (await kioskStatus()) === 'ok', { timeoutMs: 20_000, what: 'the new page alive' });
  });
});
