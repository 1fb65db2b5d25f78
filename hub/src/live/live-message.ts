import { z } from 'zod';
import { overview, stationStatus } from './station-status.ts';

/** Messages of the dashboard's live socket (`GET /api/v1/live`): a snapshot, then coalesced updates. */
export const officeLiveMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), overview, stations: z.array(stationStatus) }),
  z.object({
    type: z.literal('update'),
    overview,
    /** Status rows that changed (only stations the operator may see). */
    stations: z.array(stationStatus),
    /** Lists to refetch. */
    changed: z.array(z.enum(['alarms', 'feedback', 'schedules'])),
  }),
]);
export type OfficeLiveMessage = z.infer<typeof officeLiveMessage>;
