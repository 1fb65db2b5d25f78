import { trends } from '../../../src/reports/trends.ts';
import { get } from './api.ts';
import { remote } from './remote.ts';

/** Periods against the previous ones, each district's mix, the stations ranked. */
export const trendsData = remote(() => get('/trends', trends));
