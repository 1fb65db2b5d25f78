/**
 * A picture of what the kiosk's screen shows, for the office: taken through Chromium's DevTools protocol
 * (`Page.captureScreenshot` on the kiosk's page), which the kiosk launcher opens on 127.0.0.1 only.
 */
import { CHANNEL_MAX_STATION_MESSAGE, type StationMessage } from '@yizhan/shared';
import WebSocket from 'ws';
import { z } from 'zod';

type ScreenResult = Extract<StationMessage, { type: 'screen.capture.result' }>['result'];

const CAPTURE_TIMEOUT_MS = 10_000;
/** Room for the message around the picture on the live channel. */
const MAX_BASE64 = CHANNEL_MAX_STATION_MESSAGE - 1024;

const targets = z.array(z.object({ type: z.string(), url: z.string(), webSocketDebuggerUrl: z.string().optional() }));
const answer = z.object({
  id: z.number(),
  result: z.object({ data: z.string() }).optional(),
  error: z.unknown().optional(),
});

/** The kiosk's page among Chromium's targets: the first page on the agent's own address, else the first page. */
export async function captureScreen(
  devtoolsPort: number | undefined,
  kioskOrigin: string,
  now: () => number,
): Promise<ScreenResult> {
  if (devtoolsPort === undefined) return { ok: false, reason: 'no-kiosk' };
  let list: z.infer<typeof targets>;
  try {
    const res = await fetch(`http://127.0.0.1:${devtoolsPort}/json/list`, { signal: AbortSignal.timeout(3_000) });
    list = targets.parse(await res.json());
  } catch {
    return { ok: false, reason: 'no-kiosk' };
  }
  const pages = list.filter((t) => t.type === 'page' && t.webSocketDebuggerUrl);
  const page = pages.find((t) => t.url.startsWith(kioskOrigin)) ?? pages[0];
  if (!page?.webSocketDebuggerUrl) return { ok: false, reason: 'no-kiosk' };
  try {
    const png = await screenshot(page.webSocketDebuggerUrl);
    if (png.length > MAX_BASE64) return { ok: false, reason: 'too-large' };
    return { ok: true, png, takenAt: new Date(now()).toISOString() };
  } catch {
    return { ok: false, reason: 'capture-failed' };
  }
}

function screenshot(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { maxPayload: 64 * 1024 * 1024 });
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('the page did not answer'));
    }, CAPTURE_TIMEOUT_MS);
    const done = (err: Error | undefined, png?: string) => {
      clearTimeout(timer);
      socket.close();
      if (err) reject(err);
      else resolve(png!);
    };
    socket.on('open', () =>
      socket.send(JSON.stringify({ id: 1, method: 'Page.captureScreenshot', params: { format: 'png' } })),
    );
    socket.on('message', (data) => {
      const parsed = answer.safeParse(JSON.parse(data.toString()));
      if (!parsed.success || parsed.data.id !== 1) return;
      if (parsed.data.result) done(undefined, parsed.data.result.data);
      else done(new Error('the capture was refused'));
    });
    socket.on('error', (err) => done(err));
  });
}
