/**
 * What Home Assistant is told about a station (device-based MQTT discovery): the station as one device with its
 * people inside and the agent's connection, and each configured device as a device of its own, via the station,
 * whose entities read the device's retained normalized state (`yizhan/{station}/state/{device}`). Pure.
 */
import {
  type AgentPayload,
  type AgentTopic,
  agentTopics,
  type HomeAssistantComponent,
  homeAssistantTopics,
} from '@yizhan/shared';
import type { AgentConfig, DeviceConfig } from '../config.ts';

type DeviceConfigMessage = AgentPayload<'homeAssistantDevice'>;

const ORIGIN = { name: 'Yizhan station agent', url: 'https://github.com/yizhan' } as const;
const MANUFACTURER = 'Yizhan';

/** The status words of each kind (DESIGN.md, "MQTT, agent-owned topics"). */
const STATUS_WORDS: Record<DeviceConfig['kind'], string[]> = {
  appliance: ['free', 'in-use', 'off', 'unknown'],
  fridge: ['ok', 'too-warm', 'unknown'],
  door: ['open', 'closed', 'unknown'],
  presence: ['occupied', 'clear', 'unknown'],
  'people-counter': ['ok', 'unknown'],
  sensor: ['ok', 'unknown'],
};

/** A value of the state's `values`, or `None` (Home Assistant's "unknown") when the device has not reported it. */
const value = (name: string) => `{{ value_json['values'].get('${name}') }}`;
/** A switch value as ON/OFF, or `None` when not reported. */
const onOff = (name: string) => `{{ {true: 'ON', false: 'OFF'}.get(value_json['values'].get('${name}'), 'None') }}`;

export function discoveryConfigs(
  config: AgentConfig,
  devices: readonly DeviceConfig[],
): Map<AgentTopic<'homeAssistantDevice'>, DeviceConfigMessage> {
  const station = config.station.id;
  const topics = agentTopics(station);
  const ha = homeAssistantTopics(config.homeAssistant.prefix);
  const stationId = `yizhan_${station}`;
  const agentOnline = { topic: topics.status, payload_available: 'online', payload_not_available: 'offline' };
  const configs = new Map<AgentTopic<'homeAssistantDevice'>, DeviceConfigMessage>();

  const stationComponents: Record<string, HomeAssistantComponent> = {
    agent: {
      p: 'binary_sensor',
      unique_id: `${stationId}_agent`,
      name: 'Agent',
      state_topic: topics.status,
      value_template: '{{ value }}',
      payload_on: 'online',
      payload_off: 'offline',
      device_class: 'connectivity',
      entity_category: 'diagnostic',
    },
  };
  if (devices.some((d) => d.kind === 'people-counter' || d.kind === 'presence')) {
    stationComponents.inside = {
      p: 'sensor',
      unique_id: `${stationId}_inside`,
      name: 'People inside',
      state_topic: topics.occupancy,
      value_template: '{{ value_json.inside }}',
      unit_of_measurement: 'people',
      state_class: 'measurement',
      availability: [agentOnline],
    };
  }
  configs.set(ha.device(stationId), {
    dev: { ids: [stationId], name: config.station.name, mf: MANUFACTURER, mdl: 'Worker station' },
    o: ORIGIN,
    cmps: stationComponents,
    qos: 1,
  });

  for (const d of devices) {
    const objectId = `${stationId}_${d.id.replaceAll('-', '_')}`;
    const stateTopic = topics.state(d.id);
    const entity = (key: string, c: Omit<HomeAssistantComponent, 'unique_id' | 'state_topic'>) => {
      components[key] = { ...c, unique_id: `${objectId}_${key}`, state_topic: stateTopic };
    };
    const components: Record<string, HomeAssistantComponent> = {};
    entity('status', {
      p: 'sensor',
      name: 'Status',
      value_template: '{{ value_json.status }}',
      device_class: 'enum',
      options: STATUS_WORDS[d.kind],
    });
    if (d.kind === 'appliance') {
      entity('power', {
        p: 'sensor',
        name: 'Power',
        value_template: value('powerW'),
        device_class: 'power',
        unit_of_measurement: 'W',
        state_class: 'measurement',
      });
      entity('energy', {
        p: 'sensor',
        name: 'Energy',
        value_template: value('energyKWh'),
        device_class: 'energy',
        unit_of_measurement: 'kWh',
        state_class: 'total_increasing',
      });
    }
    if (d.kind === 'fridge' || d.kind === 'sensor') {
      entity('temperature', {
        p: 'sensor',
        name: 'Temperature',
        value_template: value('temperatureC'),
        device_class: 'temperature',
        unit_of_measurement: '°C',
        state_class: 'measurement',
      });
    }
    if (d.kind === 'sensor') {
      entity('humidity', {
        p: 'sensor',
        name: 'Humidity',
        value_template: value('humidityPct'),
        device_class: 'humidity',
        unit_of_measurement: '%',
        state_class: 'measurement',
      });
    }
    if (d.kind === 'door')
      entity('door', { p: 'binary_sensor', name: null, value_template: onOff('doorOpen'), device_class: 'door' });
    if (d.kind === 'presence') {
      entity('occupancy', {
        p: 'binary_sensor',
        name: null,
        value_template: onOff('occupied'),
        device_class: 'occupancy',
      });
    }
    configs.set(ha.device(objectId), {
      dev: {
        ids: [objectId],
        name: d.label?.zh ?? d.id,
        mf: MANUFACTURER,
        mdl: `${d.kind} (${d.source.format})`,
        via_device: stationId,
      },
      o: ORIGIN,
      cmps: components,
      // Unavailable when the agent is gone or the device is offline (or not heard from yet).
      availability: [
        agentOnline,
        { topic: stateTopic, value_template: "{{ 'online' if value_json.online else 'offline' }}" },
      ],
      availability_mode: 'all',
      qos: 1,
    });
  }
  return configs;
}
