import type { Page, PageRequest } from '../paging.ts';
import type { PowerCommand } from './schema.ts';

/** The log of the office's appliance commands, per station. Engine-neutral; every method is asynchronous. */
export interface ApplianceStore {
  logPower(command: Omit<PowerCommand, 'id'>): Promise<PowerCommand>;
  /** A station's commands, newest first. */
  powerLog(stationId: string, page: PageRequest): Promise<Page<PowerCommand>>;
}
