/**
 * A device gone mad, for `pnpm bench scan-to-unlock`: publishes its Tasmota SENSOR topic at `rate` messages a
 * second (QoS 0), as the plug of issue 13 did at ~60,000, in its own process so that its work is not the agent's.
 * Prints `ready` once connected, and on SIGTERM one JSON line `{ "sent": n, "seconds": s }`.
 * Usage: node --import tsx bench/flood-device.ts <broker url> <tasmota topic> <rate>
 */
import mqtt from 'mqtt';

const [url, topic, rateArg] = process.argv.slice(2);
if (!url || !topic || !rateArg) throw new Error('usage: flood-device.ts <broker url> <tasmota topic> <rate>');
const rate = Number(rateArg);
const client = await mqtt.connectAsync(url, { clientId: `flood-${process.pid}`, reconnectPeriod: 0 });
const sensor = `tele/${topic}/SENSOR`;
let sent = 0;
let stopped = false;
const startedAt = performance.now();
process.on('SIGTERM', () => {
  stopped = true;
  process.stdout.write(`${JSON.stringify({ sent, seconds: (performance.now() - startedAt) / 1000 })}\n`);
  client.end(true, () => process.exit(0));
});
process.stdout.write('ready\n');
// Each turn of the event loop catches up with the rate (a batch at most), then lets the socket drain.
while (!stopped) {
  const due = Math.min(sent + 2_000, Math.floor(((performance.now() - startedAt) / 1000) * rate));
  for (; sent < due; sent++) {
    client.publish(sensor, `{"Time":"2026-11-28T08:00:00","ENERGY":{"Power":${sent % 2000},"Total":1.5}}`, { qos: 0 });
  }
  await new Promise((resolve) => setImmediate(resolve));
}
