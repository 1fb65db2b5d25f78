/**
 * What the kiosk shows besides live device state — services, events, announcements, nearby stations, the
 * join-the-union link and how the screen behaves — built from the station config and the hub's cached bundle.
 * Served in the live snapshot, pushed as a `content` message when a new bundle arrives, and at `GET /api/content`.
 */
import { type Bundle, caseNumberOf, type FeedbackCategory, type KioskContent } from '@yizhan/shared';
import type { AgentConfig } from '../config.ts';
import type { EventBus } from '../event-bus.ts';
import { type AgentPart, Attachments } from '../part.ts';
import type { BundleCache } from '../store/bundle-cache.ts';

/** How many of the office's replies the kiosk lists. */
const REPLIES_SHOWN = 8;

/** What a report made at this station was about (the bundle's replies carry only the report's id). */
export type ReportCategoryOf = (feedbackId: string) => FeedbackCategory | undefined;

/** Pure: the kiosk's content at `now`. Ended events and announcements are dropped; the kiosk filters by its clock. */
export function kioskContentOf(
  config: AgentConfig,
  bundle: Bundle | undefined,
  now: Date,
  categoryOf: ReportCategoryOf = () => undefined,
): KioskContent {
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
    replies: [...(bundle?.feedbackReplies ?? [])]
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
      .slice(0, REPLIES_SHOWN)
      .map((r) => {
        const category = categoryOf(r.feedbackId);
        return {
          caseNumber: caseNumberOf(r.feedbackId),
          ...(category ? { category } : {}),
          status: r.status,
          reply: r.reply,
          updatedAt: r.updatedAt,
        };
      }),
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
    private readonly categoryOf: ReportCategoryOf = () => undefined,
  ) {}

  start(): void {
    this.attached.add(this.bus.on('bundle', () => this.bundleChanged()));
  }

  stop(): void {
    this.attached.removeAll();
  }

  current(): KioskContent {
    return kioskContentOf(this.config, this.bundle.current(), new Date(this.now()), this.categoryOf);
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
