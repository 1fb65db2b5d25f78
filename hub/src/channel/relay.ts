/**
 * How a live-channel message reaches the hub process that holds the station's socket, and how the answer comes
 * back to the process that asked. With one hub process it never leaves the process; with several on PostgreSQL
 * it goes over `NOTIFY yizhan_stations` (postgres/notify-relay.ts).
 */
import { hubMessage, stationMessage } from '@yizhan/shared';
import { z } from 'zod';

/** What a process answers for its station in place of a screen picture: the picture itself is in the store. */
export const screenSaved = z.object({
  type: z.literal('screen.saved'),
  id: z.string(),
  takenAt: z.string(),
});

export const relayEnvelope = z.discriminatedUnion('kind', [
  /** For the process `holder` to send to its station; the answer goes back to `from`. */
  z.object({
    kind: z.literal('deliver'),
    holder: z.string(),
    from: z.string(),
    stationId: z.string(),
    message: hubMessage,
    askedBy: z.string().optional(),
  }),
  /** A station's answer to a request of the process `holder`. */
  z.object({ kind: z.literal('answer'), holder: z.string(), id: z.string(), message: stationMessage.or(screenSaved) }),
]);
export type RelayEnvelope = z.infer<typeof relayEnvelope>;

export interface ChannelRelay {
  publish(envelope: RelayEnvelope): void;
  start(deliver: (envelope: RelayEnvelope) => void): Promise<void>;
  stop(): Promise<void>;
}
