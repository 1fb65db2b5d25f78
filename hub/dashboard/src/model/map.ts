import { mapTiles } from '../../../src/screens/map-schema.ts';
import { get } from './api.ts';
import { remote } from './remote.ts';

/** The map's tiles as the hub's config names them (null: the plain background). */
export const tiles = remote(() => get('/map', mapTiles));
