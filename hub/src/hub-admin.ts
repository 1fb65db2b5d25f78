/**
 * The hub's provisioning actions for the CLI, the in-process demo and `app.admin`: the nouns' own admin
 * actions side by side. Each validates its input, because its callers are outside the HTTP edge.
 */
import type { Clock } from './clock.ts';
import { type MemberAdmin, memberAdmin } from './members/admin.ts';
import { type OperatorAdmin, operatorAdmin } from './operators/admin.ts';
import { type ScreenAdmin, screenAdmin } from './screens/admin.ts';
import { type StationAdmin, stationAdmin } from './stations/admin.ts';
import type { HubStore } from './store.ts';

export type HubAdmin = StationAdmin & OperatorAdmin & MemberAdmin & ScreenAdmin;

export function createHubAdmin(store: HubStore, clock: Clock): HubAdmin {
  return {
    ...stationAdmin(store, clock),
    ...operatorAdmin(store, clock),
    ...memberAdmin(store, clock),
    ...screenAdmin(store, clock),
  };
}
