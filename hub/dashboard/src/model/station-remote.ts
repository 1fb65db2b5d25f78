/**
 * The station page's "on site" card: the station's live channel, its kiosk page's health, a picture of its
 * screen on request, and its appliances' power (admins switch them). Reads and actions go through the hub.
 */
import { signal } from '@preact/signals';
import { z } from 'zod';
import { powerCommand } from '../../../src/appliances/schema.ts';
import { channelStatus } from '../../../src/channel/schema.ts';
import { type ApiError, asApiError, get, request } from './api.ts';
import { remote } from './remote.ts';

const station = signal<string | null>(null);
const path = (rest: string) => `/stations/${encodeURIComponent(station.value ?? '')}${rest}`;

export const channel = remote(() => get(path('/channel'), channelStatus));
/** When the picture on show was taken (it is fetched as an image by that name, so a new one is a new URL). */
export const screenTakenAt = signal<string | null>(null);
export const screenBusy = signal(false);
export const actionError = signal<ApiError | null>(null);
/** The appliance being switched right now. */
export const switching = signal<string | null>(null);

export function showStationRemote(id: string): void {
  if (station.value !== id) {
    channel.clear();
    screenTakenAt.value = null;
    actionError.value = null;
    station.value = id;
  }
  void channel.load();
}

export const screenUrl = (takenAt: string) => `/api/v1${path('/screen.png')}?at=${encodeURIComponent(takenAt)}`;

export async function takeScreen(): Promise<void> {
  screenBusy.value = true;
  actionError.value = null;
  try {
    screenTakenAt.value = (await request('POST', path('/screen'), z.object({ takenAt: z.string() }))).takenAt;
  } catch (error) {
    actionError.value = asApiError(error);
  } finally {
    screenBusy.value = false;
  }
}

export async function switchPower(device: string, on: boolean): Promise<void> {
  switching.value = device;
  actionError.value = null;
  try {
    await request('POST', path(`/appliances/${encodeURIComponent(device)}/power`), powerCommand, { on });
  } catch (error) {
    actionError.value = asApiError(error);
  } finally {
    switching.value = null;
    void channel.load();
  }
}
