/**
 * What the kiosk shows besides live device state — services, events, announcements, nearby stations, the
 * join-the-union link and how the screen behaves — built from the station config and the hub's cached bundle.
 * Served in the live snapshot, pushed as a `content` message when a new bundle arrives, and at `GET /api/content`.
 */
import type { Bundle, KioskContent } from '@yizhan/shared';
import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import type { Agent } from '../app.ts';
import type { AgentConfig } from '../config.ts';
import { AgentError } from '../errors.ts';
import type { BundleCache } from '../store/bundle-cache.ts';

/** Pure: the kiosk's content at `now`. Ended events and announcements are dropped; the kiosk filters by its clock. */
export function kioskContentOf(config: AgentConfig, bundle: Bundle | undefined, now: Date): KioskContent {
  const at = now.getTime();
  const notEnded = (endsAt: string | null) => endsAt === null || Date.parse(endsAt) > at;
  return {
    // The office's catalog wins once it has one; until then the station config says what is here.
    services: bundle && bundle.services.length > 0 ? bundle.services : [...config.services],
    events: (bundle?.events ?? [])
      .filter((e) => notEnded(e.endsAt))
      .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt)),
    announcements: (bundle?.announcements ?? []).filter((a) => notEnded(a.endsAt)),
    nearby: [...(bundle?.nearby ?? [])].sort((a, b) => a.distanceM - b.distanceM),
    joinUnionUrl: config.kiosk.joinUnionUrl,
    timezone: config.station.timezone,
    display: {
      idleSeconds: config.kiosk.idleSeconds,
      nightMode: config.kiosk.nightMode ? { ...config.kiosk.nightMode } : undefined,
    },
  };
}

type ContentListener = (content: KioskContent) => void;

/** The current content, and a way for the live route to hear when a new bundle changed it. */
export class KioskContentFeed {
  private readonly listeners = new Set<ContentListener>();

  constructor(
    private readonly config: AgentConfig,
    private readonly bundle: BundleCache,
    private readonly now: () => number,
  ) {}

  current(): KioskContent {
    return kioskContentOf(this.config, this.bundle.current(), new Date(this.now()));
  }

  /** Called after a new bundle has been stored: every connected kiosk gets the new content. */
  bundleChanged(): void {
    if (this.listeners.size === 0) return;
    const content = this.current();
    for (const listener of this.listeners) listener(content);
  }

  /** Returns the function that removes the listener. */
  subscribe(listener: ContentListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  listenerCount(): number {
    return this.listeners.size;
  }
}

/** Rendered on the server so the kiosk ships no QR library; the URL is fixed by the config, so once is enough. */
export function joinQrSvg(url: string): Promise<string> {
  return QRCode.toString(url, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    color: { dark: '#2a1612ff', light: '#ffffffff' },
  });
}

export function kioskContentRoutes(agent: Agent) {
  return async (app: FastifyInstance) => {
    const url = agent.config.kiosk.joinUnionUrl;
    const qr = url ? await joinQrSvg(url) : undefined;

    app.get('/api/content', async () => agent.kioskContent.current());

    app.get('/api/join-qr.svg', async (_req, reply) => {
      if (!qr) throw new AgentError('YZ_ERR_NOT_FOUND', 'no joinUnionUrl in the kiosk config');
      return reply.type('image/svg+xml').header('cache-control', 'max-age=3600').send(qr);
    });
  };
}
