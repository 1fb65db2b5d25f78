/**
 * The door QR (DESIGN.md, "The door QR"): a code the station signs with its own Ed25519 key over its id, a 30 s
 * time window and a nonce, carried in a hub URL that the worker's phone opens: `<hub>/d/<station>.<window>.<nonce>.<sig>`.
 * The hub knows the station's public key (the station sends it over the live channel) and checks the code;
 * a photographed code stops working one window after its own. Node-only (node:crypto).
 */
import { createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { rawPublicKey, verifyEd25519 } from './member-code.ts';

export const DOOR_CODE_PREFIX = 'YZD1';
export const DOOR_WINDOW_SECONDS = 30;
/** A code is good in its own window and the next (one window of skew between station and hub clocks). */
export const DOOR_WINDOW_SKEW = 1;
/** Longer than any code a station makes (~140 characters). */
export const MAX_DOOR_CODE_LENGTH = 200;

export interface DoorKeyPair {
  /** PKCS#8 PEM, kept in the station's database only. */
  privateKeyPem: string;
  /** Raw 32-byte Ed25519 public key, base64url: what the hub is told. */
  publicKey: string;
}

export interface DoorCodeParts {
  station: string;
  window: number;
  nonce: string;
}

export type DoorCodeCheck =
  | { ok: true; code: DoorCodeParts }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' | 'not-yet-valid' };

export function generateDoorKey(): DoorKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKey: rawPublicKey(publicKey),
  };
}

export const doorWindowOf = (nowMs: number): number => Math.floor(nowMs / 1000 / DOOR_WINDOW_SECONDS);

/** When a window's code stops being accepted (the end of the next window). */
export const doorWindowEndsMs = (window: number): number =>
  (window + 1 + DOOR_WINDOW_SKEW) * DOOR_WINDOW_SECONDS * 1000;

const signingInput = (p: DoorCodeParts) => `${DOOR_CODE_PREFIX}.${p.station}.${p.window}.${p.nonce}`;

export function newDoorNonce(): string {
  return randomBytes(9).toString('base64url');
}

export function signDoorCode(privateKeyPem: string, parts: DoorCodeParts): string {
  const signature = sign(null, Buffer.from(signingInput(parts)), createPrivateKey(privateKeyPem));
  return `${parts.station}.${parts.window}.${parts.nonce}.${signature.toString('base64url')}`;
}

const FORM = /^([a-z0-9]+(?:-[a-z0-9]+)*)\.(\d{1,12})\.([A-Za-z0-9_-]{12})\.([A-Za-z0-9_-]{86})$/;

/** The station a code names, read before its key is looked up; undefined when it is not a door code at all. */
export function doorCodeStation(code: string): string | undefined {
  if (code.length > MAX_DOOR_CODE_LENGTH) return undefined;
  return FORM.exec(code)?.[1];
}

/** Checks a door code against the public key of the station it names, at the hub's `nowMs`. */
export function verifyDoorCode(code: string, publicKey: string, nowMs: number): DoorCodeCheck {
  if (code.length > MAX_DOOR_CODE_LENGTH) return { ok: false, reason: 'malformed' };
  const match = FORM.exec(code);
  if (!match) return { ok: false, reason: 'malformed' };
  const parts: DoorCodeParts = { station: match[1]!, window: Number(match[2]), nonce: match[3]! };
  const sig = Buffer.from(match[4]!, 'base64url');
  if (
    sig.length !== 64 ||
    sig.toString('base64url') !== match[4] ||
    !verifyEd25519(publicKey, signingInput(parts), sig)
  ) {
    return { ok: false, reason: 'bad-signature' };
  }
  const now = doorWindowOf(nowMs);
  if (parts.window < now - DOOR_WINDOW_SKEW) return { ok: false, reason: 'expired' };
  if (parts.window > now + DOOR_WINDOW_SKEW) return { ok: false, reason: 'not-yet-valid' };
  return { ok: true, code: parts };
}
