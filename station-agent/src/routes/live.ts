/** `/api/live`: a snapshot on connect, then every device change and door outcome as it happens. */
import type { LiveMessage } from '@yizhan/shared';
import type { FastifyInstance } from 'fastify';
import type { Agent } from '../app.ts';

export function liveRoute(agent: Agent) {
  return async (app: FastifyInstance) => {
    app.get('/api/live', { websocket: true }, (socket) => {
      const send = (message: LiveMessage) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
      };
      send({ type: 'snapshot', station: agent.stationInfo, devices: agent.devices.snapshot() });
      const off = [
        agent.bus.on('device', (state) => send({ type: 'device', state })),
        agent.bus.on('door', (result) => send({ type: 'door', result })),
      ];
      socket.on('close', () => {
        for (const remove of off) remove();
      });
    });
  };
}
