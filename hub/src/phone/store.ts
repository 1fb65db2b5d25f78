import type { WorkerCategory } from '@yizhan/shared';
import type { DoorCodeUse, PhoneMember } from './schema.ts';

/** Door keys of the stations, uses of their door QR codes, and the phones that scanned them. Engine-neutral. */
export interface PhoneStore {
  /** The public half of the station's door key, as the station last said it. */
  setDoorKey(stationId: string, publicKey: string, at: string): Promise<void>;
  doorKey(stationId: string): Promise<string | undefined>;
  /** Records one member's use of one door code; false when that member has used it already. */
  useDoorCode(use: DoorCodeUse): Promise<boolean>;
  /** Gives a use back (the station did not admit): the member may try the same code again. */
  releaseDoorCode(use: Omit<DoorCodeUse, 'at'>): Promise<void>;
  /** Uses of windows before `window` can no longer matter; returns how many went. */
  forgetDoorCodeUses(beforeWindow: number): Promise<number>;
  /** false when the token is taken. */
  addMember(tokenHash: string, member: string, category: WorkerCategory, at: string): Promise<boolean>;
  findMember(tokenHash: string): Promise<PhoneMember | undefined>;
}
