/** The live channel's records as the hub keeps and serves them: the one definition of their shape. */
import { kioskHealth } from '@yizhan/shared';
import { z } from 'zod';

export const channelConnection = z.object({
  /** The hub process holding the station's socket. */
  holder: z.string(),
  connectedAt: z.string(),
});
export type ChannelConnection = z.infer<typeof channelConnection>;

export const kioskReport = kioskHealth.extend({ reportedAt: z.string() });
export type KioskReport = z.infer<typeof kioskReport>;

export const stationScreen = z.object({ png: z.instanceof(Buffer), takenAt: z.string(), askedBy: z.string() });
export type StationScreen = z.infer<typeof stationScreen>;

/** `GET /api/v1/stations/:id/channel`: is the station on its live channel, and how is its kiosk. */
export const channelStatus = z.object({
  connected: z.boolean(),
  connectedAt: z.string().nullable(),
  kiosk: kioskReport.nullable(),
  /** When the last screen picture was taken, if the office ever asked for one. */
  screenTakenAt: z.string().nullable(),
});
export type ChannelStatus = z.infer<typeof channelStatus>;
