import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** The system Chromium (Debian's `chromium` package); CI installs it, and so must a developer machine. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  /** A fresh profile: no cache, cookies or storage from any other run. */
  context: BrowserContext;
  /** Closes Chromium and deletes its profile directory. Safe to call twice. */
  close(): Promise<void>;
}

/** A real headless Chromium with its own temporary profile, for end-to-end tests of the kiosk and dashboard. */
export async function launchBrowser(
  options: {
    viewport?: { width: number; height: number };
    locale?: string;
    /** The machine's zone as the page sees it, e.g. to prove the kiosk shows times in the station's zone. */
    timezoneId?: string;
    /** A phone: its browser's user agent, touch and mobile viewport (WeChat's browser, say). */
    phone?: { userAgent: string };
    /** More Chromium flags, e.g. the DevTools port the kiosk launcher opens. */
    args?: string[];
    /** Lets a test inject axe-core into pages whose CSP allows only their own scripts (the hub's). */
    bypassCSP?: boolean;
  } = {},
): Promise<TestBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'yizhan-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
      viewport: options.viewport ?? { width: 1080, height: 1920 },
      locale: options.locale ?? 'zh-CN',
      timezoneId: options.timezoneId,
      ...(options.phone
        ? { userAgent: options.phone.userAgent, isMobile: true, hasTouch: true, deviceScaleFactor: 1 }
        : {}),
      bypassCSP: options.bypassCSP ?? false,
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    context,
    close() {
      closing ??= (async () => {
        try {
          await context.close();
        } finally {
          await rm(userDataDir, { recursive: true, force: true });
        }
      })();
      return closing;
    },
  };
}

/** WeChat's built-in browser on an Android phone, as it names itself. */
export const WECHAT_ANDROID_UA =
  'Mozilla/5.0 (Linux; Android 13; V2196A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160083 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560(0x28002F35) ' +
  'WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';
