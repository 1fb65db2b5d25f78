// The hub's programmatic API: build it in-process (the demo, tests) and provision what it needs.
export { buildHub, type HubApp, type HubDeps } from './app.ts';
export { type Clock, systemClock } from './clock.ts';
export { DEFAULT_HUB_PORT, type HubConfig, HubConfigError, loadHubConfig, parseHubConfig } from './config.ts';
export { dashboardDistDir } from './dashboard-dist.ts';
export { ERROR_STATUS, type ErrorCode, HubError } from './errors.ts';
export {
  createHubAdmin,
  type HubAdmin,
  type MemberCodeInput,
  type OperatorInput,
  STATION_TOKEN_PREFIX,
  type StationInput,
} from './hub-admin.ts';
export type { HubStore } from './store/hub-store.ts';
export { openSqliteHubStore } from './store/sqlite-hub-store.ts';
