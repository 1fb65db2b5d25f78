// The hub's programmatic API: build it in-process (the demo, tests) and provision what it needs.
export { buildHub, type HubApp, type HubDeps } from './app.ts';
export { type Clock, systemClock } from './clock.ts';
export { DEFAULT_HUB_PORT, type HubConfig, HubConfigError, loadHubConfig, parseHubConfig } from './config.ts';
export { dashboardDistDir } from './dashboard-dist.ts';
export { ERROR_STATUS, type ErrorCode, HubError } from './errors.ts';
export { createHubAdmin, type HubAdmin } from './hub-admin.ts';
export type { MemberCodeInput } from './members/schema.ts';
export type { OperatorInput } from './operators/schema.ts';
export { openSqliteHubStore } from './sqlite/hub-store.ts';
export { STATION_TOKEN_PREFIX } from './stations/admin.ts';
export type { StationInput } from './stations/schema.ts';
export type { HubStore } from './store.ts';
