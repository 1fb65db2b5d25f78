/**
 * The live channel's stores on every engine: presence that counts only while its holder is alive, the bundle
 * generation that moves with what bundles are made of (and not with what they are not), kiosk reports and
 * screens, door keys, one use of a door code per member, phone members, and the appliance power log.
 */
import { describe, expect, it } from 'vitest';
import { addStations, allPages, GULOU, QUANSHAN, type StoreEngine, stationProfile, storePerTest } from './engine.ts';

const T0 = '2026-11-28T02:00:00.000Z';
const LATER = '2026-11-28T02:00:20.000Z';
const A = 'quanshan-sanbao';
const B = 'gulou-huaihai';

export function describeChannelStoresContract(engine: StoreEngine): void {
  describe(`live channel stores contract (${engine.name})`, () => {
    const store = storePerTest(engine);
    const setUp = () => addStations(store(), stationProfile(A, QUANSHAN), stationProfile(B, GULOU));

    it('counts a connection only while its holder says it is alive, and the newest connection wins', async () => {
      await setUp();
      const channel = store().channel;
      await channel.connect(A, 'hub-1', T0);
      expect(await channel.connection(A, T0)).toBeUndefined();
      await channel.holderAlive('hub-1', '2026-11-28T02:00:15.000Z');
      expect(await channel.connection(A, T0)).toEqual({ holder: 'hub-1', connectedAt: T0, appliances: [] });
      expect(await channel.connectedCount(T0)).toBe(1);
      // The holder stops saying it is alive (it died): its stations are off the channel by themselves.
      expect(await channel.connection(A, LATER)).toBeUndefined();
      expect(await channel.connectedCount(LATER)).toBe(0);
      // The station reconnects through another process: that one holds it, and the first cannot take it away.
      await channel.holderAlive('hub-2', '2026-11-28T02:01:00.000Z');
      await channel.connect(A, 'hub-2', LATER);
      expect(await channel.disconnect(A, 'hub-1')).toBe(false);
      await channel.setAppliances(A, 'hub-1', [{ id: 'stale' }]);
      await channel.setAppliances(A, 'hub-2', [{ id: 'microwave', label: { zh: '微波炉', en: 'Microwave' } }]);
      expect(await channel.connection(A, LATER)).toEqual({
        holder: 'hub-2',
        connectedAt: LATER,
        appliances: [{ id: 'microwave', label: { zh: '微波炉', en: 'Microwave' } }],
      });
      expect(await channel.disconnect(A, 'hub-2')).toBe(true);
      expect(await channel.connection(A, LATER)).toBeUndefined();
    });

    it('moves the bundle generation with keys, revocations, schedules, notices, the registry and replies only', async () => {
      await setUp();
      const s = store();
      const generation = () => s.channel.bundleGeneration();
      let last = await generation();
      const moved = async () => {
        const now = await generation();
        const did = now > last;
        last = now;
        return did;
      };
      await s.members.revoke('m_gone', T0);
      expect(await moved()).toBe(true);
      await s.memberKeys.insert({
        kid: 'k-new',
        alg: 'Ed25519',
        publicKey: 'p',
        privateKeyPem: 'x',
        createdAt: T0,
        retiredAt: null,
      });
      expect(await moved()).toBe(true);
      await s.memberKeys.retire('k-new', LATER);
      expect(await moved()).toBe(true);
      await s.stations.setServices(A, ['water']);
      expect(await moved()).toBe(true);
      await s.stations.update(A, { name: '新名字驿站' });
      expect(await moved()).toBe(true);
      const schedule = {
        id: 'haircut',
        content: { title: { zh: '爱心理发', en: 'Free haircut' } },
        target: { kind: 'all' as const },
        startsLocal: '2026-11-30T09:00',
        endsLocal: '2026-11-30T11:00',
        rrule: 'FREQ=WEEKLY;BYDAY=MO',
        createdAt: T0,
        updatedAt: T0,
      };
      await s.schedules.putSchedule(schedule);
      expect(await moved()).toBe(true);
      await s.schedules.deleteSchedule('haircut');
      expect(await moved()).toBe(true);
      await s.schedules.putAnnouncement({
        id: 'porridge',
        text: { zh: '免费热粥', en: 'Free porridge' },
        target: { kind: 'station', stationId: A },
        startsAt: T0,
        endsAt: null,
        createdAt: T0,
      });
      expect(await moved()).toBe(true);
      // Seen, a new token, a presence row: nothing a bundle carries.
      await s.stations.markSeen(A, LATER);
      await s.stations.replaceToken(A, 'hash-new', LATER);
      await s.channel.connect(A, 'hub-1', LATER);
      expect(await moved()).toBe(false);
    });

    it('keeps the last kiosk report and screen of each station', async () => {
      await setUp();
      const channel = store().channel;
      expect(await channel.kioskHealth(A)).toBeUndefined();
      await channel.setKioskHealth(A, { status: 'ok', since: T0 }, T0);
      await channel.setKioskHealth(A, { status: 'not-responding', since: LATER }, LATER);
      expect(await channel.kioskHealth(A)).toEqual({ status: 'not-responding', since: LATER, reportedAt: LATER });
      expect(await channel.kioskHealth(B)).toBeUndefined();
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
      await channel.saveScreen(A, { png: Buffer.from([1]), takenAt: T0, askedBy: 'office' });
      await channel.saveScreen(A, { png, takenAt: LATER, askedBy: 'admin2' });
      const screen = await channel.screen(A);
      expect(screen && { ...screen, png: Buffer.from(screen.png) }).toEqual({ png, takenAt: LATER, askedBy: 'admin2' });
      expect(await channel.screen(B)).toBeUndefined();
    });

    it('lets each member use a door code once, gives a use back, and forgets old windows', async () => {
      await setUp();
      const phone = store().phone;
      await phone.setDoorKey(A, 'key-1', T0);
      await phone.setDoorKey(A, 'key-2', LATER);
      expect(await phone.doorKey(A)).toBe('key-2');
      expect(await phone.doorKey(B)).toBeUndefined();
      const use = { stationId: A, window: 59_000_000, nonce: 'nonce-abcdef', member: 'm_1', at: T0 };
      expect(await phone.useDoorCode(use)).toBe(true);
      expect(await phone.useDoorCode({ ...use, at: LATER })).toBe(false);
      // Another member, another window, another nonce: each a use of its own.
      expect(await phone.useDoorCode({ ...use, member: 'm_2' })).toBe(true);
      expect(await phone.useDoorCode({ ...use, window: use.window + 1 })).toBe(true);
      expect(await phone.useDoorCode({ ...use, nonce: 'nonce-zzzzzz' })).toBe(true);
      await phone.releaseDoorCode(use);
      expect(await phone.useDoorCode(use)).toBe(true);
      expect(await phone.forgetDoorCodeUses(use.window + 1)).toBe(3);
      expect(await phone.useDoorCode({ ...use, member: 'm_2' })).toBe(true);
    });

    it('finds a phone member by its token hash only', async () => {
      const phone = store().phone;
      expect(await phone.addMember('hash-1', 'm_phone', 'courier', T0)).toBe(true);
      expect(await phone.addMember('hash-1', 'm_other', 'rider', LATER)).toBe(false);
      expect(await phone.findMember('hash-1')).toEqual({ member: 'm_phone', category: 'courier' });
      expect(await phone.findMember('hash-2')).toBeUndefined();
    });

    it('logs appliance commands and lists a station’s newest first, page by page', async () => {
      await setUp();
      const appliances = store().appliances;
      const logged = [];
      for (let i = 0; i < 5; i++) {
        logged.push(
          await appliances.logPower({
            stationId: A,
            device: i % 2 ? 'water' : 'microwave',
            on: i % 2 === 0,
            by: 'office',
            at: `2026-11-28T02:0${i}:00.000Z`,
            outcome: i === 4 ? 'station-offline' : 'done',
          }),
        );
      }
      await appliances.logPower({ stationId: B, device: 'water', on: false, by: 'office', at: T0, outcome: 'done' });
      const pages = await allPages((page) => appliances.powerLog(A, page), 2);
      expect(pages.flat()).toEqual([...logged].reverse());
      expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
      expect(logged[4]).toMatchObject({ device: 'microwave', on: true, outcome: 'station-offline' });
    });
  });
}
