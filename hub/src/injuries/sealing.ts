/**
 * Personal fields at rest: AES-256-GCM under the key from hub.yaml. A sealed value is
 * `01 | key id (4) | iv (12) | tag (16) | ciphertext`; the key id (sha256 of the key, first 4 bytes) says
 * which configured key opens it, so keys can be rotated. The additional data binds a value to its case and
 * place (`case:<id>:personal`, `case:<id>:note:<seq>`): a blob copied to another row does not open.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 1;
const ID_BYTES = 4;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER = 1 + ID_BYTES + IV_BYTES + TAG_BYTES;

export interface Sealer {
  seal(place: string, value: unknown): Buffer;
  /** Throws when no configured key opens it, or it was altered or moved. */
  open<T>(place: string, sealed: Uint8Array): T;
}

const keyId = (key: Buffer) => createHash('sha256').update(key).digest().subarray(0, ID_BYTES);

/** `current` seals; `previous` keys only open what they sealed. Keys are base64 of 32 bytes (config-checked). */
export function createSealer(current: string, previous: readonly string[] = []): Sealer {
  const sealingKey = Buffer.from(current, 'base64');
  const sealingId = keyId(sealingKey);
  const keys = new Map<string, Buffer>();
  for (const text of [current, ...previous]) {
    const key = Buffer.from(text, 'base64');
    keys.set(keyId(key).toString('hex'), key);
  }
  return {
    seal(place, value) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', sealingKey, iv);
      cipher.setAAD(Buffer.from(place));
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.of(VERSION), sealingId, iv, cipher.getAuthTag(), body]);
    },
    open<T>(place: string, sealed: Uint8Array): T {
      const blob = Buffer.from(sealed);
      if (blob.length < HEADER || blob[0] !== VERSION) throw new Error(`${place}: not a sealed value`);
      const id = blob.subarray(1, 1 + ID_BYTES).toString('hex');
      const key = keys.get(id);
      if (!key) throw new Error(`${place}: sealed with key ${id}, which is not configured`);
      const iv = blob.subarray(1 + ID_BYTES, 1 + ID_BYTES + IV_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(Buffer.from(place));
      decipher.setAuthTag(blob.subarray(1 + ID_BYTES + IV_BYTES, HEADER));
      const text = Buffer.concat([decipher.update(blob.subarray(HEADER)), decipher.final()]).toString('utf8');
      return JSON.parse(text) as T;
    },
  };
}

export const personalPlace = (caseId: string) => `case:${caseId}:personal`;
export const notePlace = (caseId: string, seq: number) => `case:${caseId}:note:${seq}`;
