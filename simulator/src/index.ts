export { genericJson, type Publication, shellyGen2, tasmota, zigbee2mqtt } from './payloads.ts';
export { type DayDevice, type DayOptions, seededRandom, simulateDay, type TimedPublication } from './station-day.ts';
export { type PlayerOptions, type SimulatedDevice, StationPlayer } from './station-player.ts';
