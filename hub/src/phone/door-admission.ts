/**
 * The hub's part of "the phone scans the door": a phone member posts the code of the door QR it opened; the hub
 * checks the code (the station's signature, its window, one use per member), the member (revocations), and that
 * the station is on its live channel, then relays a signed, short-lived, single-use admission to the station and
 * waits for the door's answer. Every refusal says why, and where the door cannot be opened from here (the
 * station is not connected) the worker gets a member code to show to the door scanner instead.
 */
import { issueAdmission } from '@yizhan/shared/admission';
import { doorCodeStation, doorWindowOf, verifyDoorCode } from '@yizhan/shared/door-code';
import QRCode from 'qrcode';
import type { StationChannels } from '../channel/station-channels.ts';
import type { Clock } from '../clock.ts';
import { ensureActiveMemberKey, issueCodeForPseudonym } from '../members/member-codes.ts';
import type { HubStore } from '../store.ts';
import type { AdmissionAnswer, AdmissionRefusal, PhoneMember, PhoneRefusal, ScannerCode } from './schema.ts';

/** The station has this long to write the visit, open the lock and answer. */
export const ADMISSION_TIMEOUT_MS = 5_000;
/** The offline path's member code: long enough to walk to the scanner. */
const FALLBACK_CODE_SECONDS = 120;

export interface DoorAdmissionDeps {
  store: HubStore;
  clock: Clock;
  channels: StationChannels;
}

export async function admitPhone(deps: DoorAdmissionDeps, member: PhoneMember, code: string): Promise<AdmissionAnswer> {
  const { store, clock, channels } = deps;
  const now = clock();
  const refuse = async (reason: PhoneRefusal, stationReason?: string): Promise<AdmissionRefusal> => ({
    ok: false,
    reason,
    ...(stationReason === undefined ? {} : { stationReason }),
    // The door cannot be opened from here: the member code opens it through the scanner, offline.
    ...(reason === 'station-offline' || reason === 'no-answer'
      ? { memberCode: await scannerCodeFor(deps, member) }
      : {}),
  });

  const stationId = doorCodeStation(code);
  const station = stationId === undefined ? undefined : await store.stations.get(stationId);
  const publicKey = station && station.retiredAt === null ? await store.phone.doorKey(station.id) : undefined;
  if (!station || !publicKey) return refuse('invalid-code');
  const check = verifyDoorCode(code, publicKey, now);
  if (!check.ok) return refuse(check.reason === 'expired' ? 'expired' : 'invalid-code');
  if (await store.members.isRevoked(member.member)) return refuse('revoked');
  if (!(await channels.isConnected(station.id))) return refuse('station-offline');

  const use = { stationId: station.id, window: check.code.window, nonce: check.code.nonce, member: member.member };
  if (!(await store.phone.useDoorCode({ ...use, at: new Date(now).toISOString() }))) return refuse('used');
  // Housekeeping: uses of windows no code can be in any more.
  await store.phone.forgetDoorCodeUses(doorWindowOf(now) - 4);

  const key = await ensureActiveMemberKey(store.memberKeys, now);
  const { token } = issueAdmission(
    { kid: key.kid, privateKeyPem: key.privateKeyPem },
    { station: station.id, sub: member.member, cat: member.category },
    Math.floor(now / 1000),
  );
  const asked = await channels.request(station.id, { type: 'admission', admission: token }, ADMISSION_TIMEOUT_MS);
  const answer = asked.ok && asked.answer.type === 'admission.result' ? asked.answer.result : undefined;
  if (answer?.ok) {
    return {
      ok: true,
      station: { id: station.id, name: station.name },
      category: answer.category,
      direction: answer.direction ?? 'in',
    };
  }
  // The door did not open: the worker may try the same code again (the admission itself is single use anyway).
  await store.phone.releaseDoorCode(use);
  if (!asked.ok) return refuse(asked.reason);
  if (!answer) return refuse('no-answer');
  return refuse('refused', answer.reason);
}

async function scannerCodeFor(deps: DoorAdmissionDeps, member: PhoneMember): Promise<ScannerCode> {
  const issued = await issueCodeForPseudonym(
    deps.store.memberKeys,
    deps.store.members,
    { sub: member.member, category: member.category, lifetimeSeconds: FALLBACK_CODE_SECONDS },
    deps.clock(),
  );
  const svg = await QRCode.toString(issued.code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { code: issued.code, svg, expiresAt: issued.expiresAt };
}
