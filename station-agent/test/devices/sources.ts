/** The device source a fixture message belongs to, derived from its topic as an installer would configure it. */
import type { DeviceSource } from '../../src/config.ts';

export function sourceFor(format: string, topic: string): DeviceSource {
  switch (format) {
    case 'tasmota':
      return { format: 'tasmota', topic: topic.split('/')[1]! };
    case 'zigbee2mqtt':
      return { format: 'zigbee2mqtt', topic: topic.replace(/\/availability$/, '') };
    case 'shelly-gen2':
      return { format: 'shelly-gen2', topic: topic.split('/')[0]!, switchId: 0 };
    case 'generic-json':
      return {
        format: 'generic-json',
        topic: topic.replace(/\/status$/, ''),
        fields: { in: '/in', out: '/out' },
        availabilityTopic: `${topic.replace(/\/status$/, '')}/status`,
        online: 'online',
        offline: 'offline',
      };
    default:
      throw new Error(`no fixture format ${format}`);
  }
}
