/**
 * The device formats, one adapter each, in one typed registry: a source's `format` finds its adapter, and the
 * type system checks that each adapter takes the source shape of its format.
 */
import type { DeviceSource } from '../../config.ts';
import { genericJson } from './generic-json.ts';
import { shellyGen2 } from './shelly-gen2.ts';
import { tasmota } from './tasmota.ts';
import type { DeviceAdapter, DeviceMessage } from './types.ts';
import { zigbee2mqtt } from './zigbee2mqtt.ts';

export type { DeviceMessage, RejectionReason } from './types.ts';

type Format = DeviceSource['format'];
type SourceOf<F extends Format> = Extract<DeviceSource, { format: F }>;

const ADAPTERS: { readonly [F in Format]: DeviceAdapter<SourceOf<F>> } = {
  tasmota,
  zigbee2mqtt,
  'shelly-gen2': shellyGen2,
  'generic-json': genericJson,
};

function adapterOf<S extends DeviceSource>(source: S): DeviceAdapter<S> {
  return ADAPTERS[source.format] as unknown as DeviceAdapter<S>;
}

/** The topics to subscribe for a device source. */
export const sourceTopics = (source: DeviceSource): string[] => adapterOf(source).topics(source);

/** Topics that say whether the device is online (LWT, availability), a subset of `sourceTopics`. */
export const availabilityTopics = (source: DeviceSource): string[] => adapterOf(source).availabilityTopics(source);

export const readDeviceMessage = (source: DeviceSource, topic: string, payload: Buffer): DeviceMessage =>
  adapterOf(source).read(source, topic, payload);
