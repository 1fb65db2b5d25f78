/**
 * What the kiosk shows besides live device state — services, events, announcements, nearby stations, the
 * join-the-union link and how the screen behaves — built from the station config and the hub's cached bundle.
 * Served in the live snapshot, pushed as a `content` message when a new bundle arrives, and at `GET /api/content`.
 */
import type { Bundle, KioskContent } from '@yizhan/shared';
import type { AgentConfig } from '../config.ts';
import type { EventBus } from '../event-bus.ts';
import { type AgentPart, Attachments } from '../part.ts';
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
    injuryDeclarationUrl: bundle?.injuryDeclarationUrl,
    timezone: config.station.timezone,
    display: {
      idleSeconds: config.kiosk.idleSeconds,
      nightMode: config.kiosk.nightMode ? { ...config.kiosk.nightMode } : undefined,
    },
  };
}

type ContentListener = (content: KioskContent) => void;

/** The current content, and (as a part of the agent) every open kiosk told when a new bundle changed it. */
export class KioskContentFeed implements AgentPart {
  readonly name = 'kiosk content';
  private readonly listeners = new Set<ContentListener>();
  private readonly attached = new Attachments();

  constructor(
    private readonly config: AgentConfig,
    private readonly bundle: BundleCache,
    private readonly bus: EventBus,
    private readonly now: () => number,
  ) {}

  start(): void {
    this.attached.add(this.bus.on('bundle', () => this.bundleChanged()));
  }

  stop(): void {
    this.attached.removeAll();
  }

  current(): KioskContent {
    return kioskContentOf(this.config, this.bundle.current(), new Date(this.now()));
  }

  /** A new bundle has been stored: every connected kiosk gets the new content. */
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
