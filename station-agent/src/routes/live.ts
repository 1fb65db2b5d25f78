/**
 * `/api/live`: a snapshot on connect (station, devices, people inside, kiosk content), then every device change,
 * door outcome, occupancy change and content change as it happens. Each socket removes its own listeners when it closes.
 */
import type { LiveMessage } from '@yizhan/shared';
import type { FastifyInstance } from 'fastify';
import type { Agent } from '../app.ts';

export function liveRoute(agent: Agent) {
  return async (app: FastifyInstance) => {
    app.get('/api/live', { websocket: true }, (socket) => {
      const send = (message: LiveMessage) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
      };
      send({
        type: 'snapshot',
        station: agent.stationInfo,
        devices: agent.devices.snapshot(),
        // Without a people counter or presence sensors there is no estimate: the kiosk shows none.
        occupancy: agent.occupancy.hasSources ? agent.occupancy.current : undefined,
        content: agent.kioskContent.current(),
      });
      const off = [
        agent.bus.on('device', (state) => send({ type: 'device', state })),
        agent.bus.on('door', (result) => send({ type: 'door', result })),
        agent.bus.on('occupancy', (occupancy) => send({ type: 'occupancy', occupancy })),
        agent.kioskContent.subscribe((content) => send({ type: 'content', content })),
      ];
      socket.on('close', () => {
        for (const remove of off) remove();
      });
    });
  };
}
