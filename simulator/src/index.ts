export { type Publication, tasmota, zigbee2mqtt } from './payloads.ts';
export { type PlayerOptions, type SimulatedDevice, StationPlayer } from './station-player.ts';
