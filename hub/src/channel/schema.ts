/** The live channel's records as the hub keeps and serves them: the one definition of their shape. Browser-safe. */
import { kioskHealth, switchableAppliance } from '@yizhan/shared';
import { z } from 'zod';

export const channelConnection = z.object({
  /** The hub process holding the station's socket. */
  holder: z.string(),
  connectedAt: z.string(),
  /** The appliances the station said the office may switch. */
  appliances: z.array(switchableAppliance),
});
export type ChannelConnection = z.infer<typeof channelConnection>;

export const kioskReport = kioskHealth.extend({ reportedAt: z.string() });
export type KioskReport = z.infer<typeof kioskReport>;

/** A picture of a station's kiosk screen, as the store keeps it (not a JSON record: Node-only bytes). */
export interface StationScreen {
  png: Buffer;
  takenAt: string;
  askedBy: string;
}

/** `GET /api/v1/stations/:id/channel`: is the station on its live channel, and how is its kiosk. */
export const channelStatus = z.object({
  connected: z.boolean(),
  connectedAt: z.string().nullable(),
  kiosk: kioskReport.nullable(),
  /** When the last screen picture was taken, if the office ever asked for one. */
  screenTakenAt: z.string().nullable(),
  /** The station's switchable appliances, each with the office's last command to it. */
  appliances: z.array(
    switchableAppliance.extend({
      last: z.object({ on: z.boolean(), by: z.string(), at: z.string(), outcome: z.string() }).nullable(),
    }),
  ),
});
export type ChannelStatus = z.infer<typeof channelStatus>;
