/**
 * The door as a part of the agent, on its own broker link (so that no device's messages queue ahead of a scan):
 * reads the scanner, checks and records each scan, commands the lock, reads its answers and sets its auto-close,
 * says every result on `door/result` and the bus, follows the door contact, and ends visits nobody scanned out of.
 */
import { agentTopics, type DoorResult } from '@yizhan/shared';
import { onceAMinute } from '../log.ts';
import type { MqttPort } from '../mqtt/link.ts';
import { type AgentPart, Attachments, type PartContext } from '../part.ts';
import { Door } from './door.ts';
import { DoorWatch } from './door-watch.ts';
import { lockAnswerTopics, lockSetup, readLockAnswer, unlockCommand } from './lock.ts';
import type { SignInDesk } from './sign-in.ts';
import { VisitEnds } from './visit-ends.ts';

export interface DoorPartDeps extends PartContext {
  /** The door's own link. */
  link: MqttPort;
  /** The device whose `doorOpen` says whether the door opened (alarms/alarm-rules.ts picks the same). */
  contactDevice: string | undefined;
  /** Signs admitted members in at the events running now that ask for it. */
  signIn?: SignInDesk;
}

export class DoorPart implements AgentPart {
  readonly name = 'door';
  readonly door: Door;
  readonly visitEnds: VisitEnds;
  private readonly watch: DoorWatch;
  private readonly attached = new Attachments();
  private lockRequests = 0;

  constructor(private readonly deps: DoorPartDeps) {
    const { config, link, stores, log, now } = deps;
    const topics = agentTopics(config.station.id);
    const lock = config.door?.lock;
    const lockSource = `yizhan-${config.station.id}`;
    this.watch = new DoorWatch({
      db: stores.db,
      now,
      answerTimeoutMs: config.door?.lockAnswer ? config.door.lockAnswer.timeoutSeconds * 1000 : undefined,
      contactDevice: deps.contactDevice,
      openWindowMs: ((lock?.openSeconds ?? 5) + 5) * 1000,
      outcome: (outcome, result) => {
        link.publishJson(topics.doorLock, outcome).catch((err: Error) => {
          log.warn({ err, visitId: outcome.visitId }, 'lock outcome not published');
        });
        if (outcome.lock === 'no-answer') {
          log.warn({ visitId: outcome.visitId }, 'the lock did not answer the unlock');
          this.announce({ ...result, lock: 'no-answer' });
        }
      },
    });
    const sweepFailed = onceAMinute(log);
    this.visitEnds = new VisitEnds({
      visitLog: stores.visitLog,
      now,
      maxStaySeconds: config.visits.maxStayMinutes * 60,
      keepDays: config.retention.visitDays,
      failed: (err) => sweepFailed(err, 'visits could not be ended or forgotten (tried again each minute)'),
    });
    this.door = new Door({
      stationId: config.station.id,
      visitLog: stores.visitLog,
      bundle: stores.bundle,
      now,
      stay: { exitAfterSeconds: config.visits.exitAfterSeconds, maxStaySeconds: config.visits.maxStayMinutes * 60 },
      walkInsPerMinute: config.visits.walkInsPerMinute,
      unlock: async (result) => {
        if (!lock) return;
        const requestId = ++this.lockRequests;
        const command = unlockCommand(lock, requestId, lockSource, result.visitId);
        // QoS 0: an unlock is now or never; a QoS 1 resend after a reconnect would open the door for nobody.
        await link.publish(command.topic, command.payload, { qos: 0 });
        // The door is opening now: a record of the command that cannot be written (a full disk) is reported,
        // never taken for a door that stayed shut.
        try {
          this.watch.commanded(requestId, result);
        } catch (err) {
          log.error({ err }, 'the unlock could not be recorded');
        }
      },
      announce: (result) => this.announce(result),
      storageFailed: (err) => log.error({ err }, 'the visit log cannot be written: the door stays shut'),
      unlockFailed: (err) => log.error({ err }, 'the unlock command did not reach the broker'),
      admitted: (member, category, at) => this.deps.signIn?.byCode(member, category, at),
    });
  }

  async start(): Promise<void> {
    const { config, link, bus, log } = this.deps;
    const scanTopic = config.door?.scanTopic ?? agentTopics(config.station.id).doorScan;
    const endFailed = onceAMinute(log);
    this.attached.add(
      link.subscribe(scanTopic, (_t, payload) => {
        this.door.scan(payload).catch((err: Error) => log.error({ err }, 'scan failed'));
      }),
      bus.on('deviceChanged', ({ state }) => this.watch.deviceChanged(state)),
      bus.on('occupancy', (o) => {
        try {
          this.visitEnds.occupancy(o.inside);
        } catch (err) {
          endFailed(err as Error, 'visits could not be ended on an empty station');
        }
      }),
    );
    const lock = config.door?.lock;
    if (lock) {
      const source = `yizhan-${config.station.id}`;
      for (const topic of lockAnswerTopics(lock, source, config.door?.lockAnswer?.topic)) {
        this.attached.add(
          link.subscribe(topic, (t, payload) => {
            const answer = readLockAnswer(lock, t, payload);
            if (answer) this.watch.answered(answer);
          }),
        );
      }
      const setup = lockSetup(lock);
      const configure = async () => {
        for (const c of setup.commands) await link.publish(c.topic, c.payload);
      };
      if (setup.whenOnline) {
        this.attached.add(
          link.subscribe(setup.whenOnline, (_t, payload) => {
            if (payload.toString() === 'Online') configure().catch((err: Error) => log.warn({ err }, 'lock setup'));
          }),
        );
      }
      await configure();
    }
    this.visitEnds.start();
  }

  stop(): void {
    this.attached.removeAll();
    this.watch.stop();
    this.visitEnds.stop();
  }

  private announce(result: DoorResult): void {
    // QoS 0 like the unlock: a QoS 1 PUBACK left unacknowledged on the socket can hold the next scan behind the
    // broker's Nagle delay (docs/door.md, "Latency").
    this.deps.link
      .publishJson(agentTopics(this.deps.config.station.id).doorResult, result, { qos: 0 })
      .catch((err: Error) => {
        this.deps.log.warn({ err }, 'door result not published');
      });
    this.deps.bus.emit('door', result);
  }
}
