/**
 * `/api/live`: a snapshot on connect (station, devices, people inside, kiosk content), then every device change,
 * door outcome, occupancy change and content change as it happens. Each socket removes its own listeners when it closes.
 */
import {
  type DeviceState,
  type DoorQr,
  type KioskContent,
  kioskMessage,
  type LiveMessage,
  type Occupancy,
  type StationInfo,
  type SwitchedOff,
} from '@yizhan/shared';
import type { FastifyInstance } from 'fastify';
import type { EventBus } from '../event-bus.ts';

export interface LiveSources {
  station: StationInfo;
  devices(): DeviceState[];
  /** Undefined without a people counter or presence sensors: the kiosk then shows no estimate. */
  occupancy(): Occupancy | undefined;
  content: { current(): KioskContent; subscribe(listener: (content: KioskContent) => void): () => void };
  /** The door QR to show now; null while the live channel to the hub is down; undefined without phone entry. */
  doorQr(): DoorQr | null | undefined;
  /** Appliances switched off by the office or the opening hours. */
  switchedOff(): SwitchedOff[];
  /** The kiosk page said it is alive (kiosk/kiosk-watch.ts). */
  heartbeat(): void;
  /** The paced device stream, door results, occupancy changes and door QRs. */
  events: Pick<EventBus, 'on'>;
}

export function liveRoute(sources: LiveSources) {
  return async (app: FastifyInstance) => {
    app.get('/api/live', { websocket: true }, (socket) => {
      const send = (message: LiveMessage) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
      };
      send({
        type: 'snapshot',
        station: sources.station,
        devices: sources.devices(),
        occupancy: sources.occupancy(),
        content: sources.content.current(),
        doorQr: sources.doorQr(),
        switchedOff: sources.switchedOff(),
      });
      const { events } = sources;
      const off = [
        events.on('device', (state) => send({ type: 'device', state })),
        events.on('door', (result) => send({ type: 'door', result })),
        events.on('attended', ({ title, method }) => send({ type: 'attended', title, method })),
        events.on('occupancy', (occupancy) => send({ type: 'occupancy', occupancy })),
        events.on('doorQr', (doorQr) => send({ type: 'door-qr', doorQr })),
        events.on('switchedOff', (switchedOff) => send({ type: 'switched-off', switchedOff })),
        sources.content.subscribe((content) => send({ type: 'content', content })),
      ];
      // The page's heartbeats; anything else it sends is not for us, and is dropped.
      socket.on('message', (data, isBinary) => {
        if (isBinary) return;
        const parsed = kioskMessage.safeParse(safeJson(data.toString()));
        if (parsed.success) sources.heartbeat();
      });
      socket.on('close', () => {
        for (const remove of off) remove();
      });
    });
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
