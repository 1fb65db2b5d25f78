import type { DeviceValues } from '@yizhan/shared';

/** What one MQTT message from a device says, after its adapter has read it. */
export type DeviceMessage =
  | { kind: 'values'; values: DeviceValues }
  | { kind: 'availability'; online: boolean }
  | { kind: 'ignored' }
  | { kind: 'rejected'; reason: RejectionReason; detail: string };

/**
 * Why a payload was refused; also the label of the `rejected payloads` metric. `nothing-readable`: a valid
 * message with no value the agent reads (it still proves the device alive, and changes nothing else).
 */
export type RejectionReason =
  | 'empty'
  | 'not-utf8'
  | 'not-json'
  | 'schema'
  | 'too-large'
  | 'rate-limited'
  | 'nothing-readable';

/**
 * Reads one device format. `topics` are the exact topics to subscribe for a device's source topic;
 * `availabilityTopics` are those of them that say online/offline (subscribed at QoS 1, see mqtt/link.ts).
 */
export interface DeviceAdapter<S> {
  topics(source: S): string[];
  availabilityTopics(source: S): string[];
  read(source: S, topic: string, payload: Buffer): DeviceMessage;
}
