/**
 * `pnpm start`: the whole of Yizhan on one machine. An embedded MQTT broker, the city union's hub
 * with a demo operator, the two example stations, and a simulator playing their devices and door
 * scans in real payload formats. Ctrl-C closes everything.
 */
import { fileURLToPath } from 'node:url';
import { buildHub, dashboardDistDir, type HubApp, loadHubConfig } from '@yizhan/hub';
import { kioskDistDir } from '@yizhan/kiosk-ui';
import { WORKER_CATEGORIES } from '@yizhan/shared';
import { StationPlayer } from '@yizhan/simulator';
import { type Agent, buildAgent, loadAgentConfig, startEmbeddedBroker } from '@yizhan/station-agent';
import mqtt from 'mqtt';
import { seedHubDemo } from './hub-demo-data.ts';

const BROKER_PORT = 1884; // the machine's own Mosquitto keeps 1883
const STATIONS = ['quanshan-sanbao', 'gulou-huaihai'];
const OPERATOR = { username: 'demo', password: 'yizhan-demo', role: 'admin' } as const;
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const quiet = { level: 'warn' } as const;

async function main(): Promise<void> {
  const broker = await startEmbeddedBroker({ port: BROKER_PORT });
  const hubConfig = loadHubConfig(here('./hub.yaml'), process.env);
  const hub: HubApp = await buildHub(hubConfig, { logger: quiet, dashboardDir: dashboardDistDir });
  await hub.admin.ensureOperator(OPERATOR);
  await hub.listen({ ...hubConfig.listen });
  const hubUrl = `http://${hubConfig.listen.host}:${hubConfig.listen.port}`;

  const configs = [];
  for (const id of STATIONS) {
    const path = here(`./stations/${id}.yaml`);
    // Registering the station gives it a fresh token, read by its config as ${YIZHAN_STATION_TOKEN}.
    const draft = loadAgentConfig(path, { ...process.env, YIZHAN_STATION_TOKEN: 'pending-registration' });
    const { station } = draft;
    const { token } = await hub.admin.ensureStation({
      id: station.id,
      name: station.name,
      district: station.district,
      capacity: station.capacity,
      ...(station.location ?? {}),
    });
    configs.push(loadAgentConfig(path, { ...process.env, YIZHAN_STATION_TOKEN: token }));
  }
  // The office's schedules, notices and catalog exist before the stations start: their first bundle has them.
  await seedHubDemo(hub, OPERATOR);
  // A fresh read-only link for the office's wall at every start, as the stations get fresh tokens.
  const screen = await hub.admin.createScreen({ name: '徐州市总工会驿站数据大屏' }, OPERATOR.username);

  const agents: Agent[] = [];
  for (const config of configs) {
    const agent = await buildAgent(config, { kioskDir: kioskDistDir, logger: quiet });
    await agent.http.listen({ host: config.http.host, port: config.http.port });
    await agent.start();
    agents.push(agent);
  }

  const simulator = await mqtt.connectAsync(broker.url, { clientId: 'yizhan-demo-simulator' });
  let worker = 0;
  const players = agents.map((agent) => {
    const player = new StationPlayer(simulator, {
      stationId: agent.config.station.id,
      devices: agent.config.devices,
      periodSeconds: 1,
      // Ten simulated minutes a real minute: the kiosks change while someone watches.
      speed: 10,
      nextMemberCode: () => {
        worker = (worker % 400) + 1;
        const category = WORKER_CATEGORIES[worker % WORKER_CATEGORIES.length]!;
        return hub.admin.issueMemberCode({ member: `demo-worker-${worker}`, category });
      },
      onCodeError: (err) => console.error('demo: no member code for a simulated worker:', err),
    });
    player.start();
    return player;
  });

  console.log(`
Yizhan demo is running.

  Dashboard        ${hubUrl}/   (operator ${OPERATOR.username} / ${OPERATOR.password})
  Big screen       ${hubUrl}${screen.path}   (read-only, 1920×1080; revoke it under 数据大屏)
  Hub API          ${hubUrl}/api/v1/docs   (OpenAPI: ${hubUrl}/api/v1/openapi.json)
  Hub metrics      curl -H 'authorization: Bearer ${hubConfig.metrics?.token}' ${hubUrl}/metrics
${agents.map((a) => `  Kiosk  ${a.config.station.name.padEnd(10, '　')}  http://${a.config.http.host}:${a.config.http.port}/`).join('\n')}
  MQTT broker      ${broker.url}   (try: mosquitto_sub -p ${BROKER_PORT} -t 'yizhan/#' -v)

A member code for the door:  pnpm hub member-code --member M --category rider
Press Ctrl-C to stop.
`);

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    console.log('\nStopping the demo…');
    for (const p of players) p.stop();
    await simulator.endAsync();
    for (const a of agents) await a.close();
    await hub.close();
    await broker.close();
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exitCode = 1;
});
