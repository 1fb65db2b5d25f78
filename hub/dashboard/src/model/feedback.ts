import {
  type FeedbackCase,
  type FeedbackChange,
  type FeedbackList,
  feedbackCase,
  feedbackList,
} from '../../../src/feedback/schema.ts';
import { get, request } from './api.ts';
import { actions, pagedList, pageParams } from './remote.ts';

const keyOf = (c: FeedbackCase) => `${c.stationId}/${c.feedbackId}`;

/** Feedback cases from the kiosks, newest first, with their summary. */
export const cases = pagedList({
  read: (before, limit) => get(`/feedback?${pageParams(limit, before)}`, feedbackList),
  itemsOf: (page: FeedbackList) => page.cases,
  keyOf,
});

/** Saves under way, done or failed, by case. */
export const caseSaves = actions();
export const caseSaveOf = (c: FeedbackCase) => caseSaves.states.value.get(keyOf(c));

export const saveCase = (c: FeedbackCase, change: FeedbackChange) =>
  caseSaves.run(keyOf(c), async () => {
    const path = `/stations/${encodeURIComponent(c.stationId)}/feedback/${encodeURIComponent(c.feedbackId)}`;
    cases.replace(await request('PATCH', path, feedbackCase, change));
  });
