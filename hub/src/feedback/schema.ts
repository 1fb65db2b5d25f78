/** Feedback cases from the kiosks, worked by the office: the one definition of their records. Browser-safe. */
import { FEEDBACK_CATEGORIES } from '@yizhan/shared';
import { z } from 'zod';
import { nextCursor } from '../page-query.ts';

/** The union's loop: collect → assess on site → assign → follow up → resolved. */
export const FEEDBACK_STATUSES = ['new', 'assessing', 'assigned', 'follow-up', 'resolved'] as const;
export const feedbackStatus = z.enum(FEEDBACK_STATUSES);
export type FeedbackStatus = z.infer<typeof feedbackStatus>;

export const feedbackCase = z.object({
  stationId: z.string(),
  feedbackId: z.string(),
  category: z.enum(FEEDBACK_CATEGORIES),
  place: z.string().nullable(),
  createdAt: z.string(),
  status: feedbackStatus,
  assignee: z.string().nullable(),
  reply: z.string().nullable(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
});
export type FeedbackCase = z.infer<typeof feedbackCase>;

/** An office edit of a case: at least one field. */
export const feedbackChange = z
  .strictObject({
    status: feedbackStatus,
    assignee: z.string().trim().min(1).max(100).nullable(),
    /** Shown on the station's kiosk with the next bundle. */
    reply: z.string().trim().min(1).max(500).nullable(),
  })
  .partial()
  .refine((c) => Object.keys(c).length > 0, 'change at least one of status, assignee, reply');
export type FeedbackChange = z.output<typeof feedbackChange>;

export const feedbackSummary = z.object({
  total: z.number().int(),
  byCategory: z.record(z.enum(FEEDBACK_CATEGORIES), z.number().int()),
  byStatus: z.record(feedbackStatus, z.number().int()),
  /** Mean hours from a kiosk report to "resolved", over resolved cases. */
  meanHoursToResolve: z.number().nullable(),
});
export type FeedbackSummary = z.infer<typeof feedbackSummary>;

/**
 * `GET /api/v1/feedback`: a page of cases, newest first, with the summary of every case the query matches.
 * `next` is the cursor of the following page (see paging.ts), present only when there is one.
 */
export const feedbackList = z.object({
  cases: z.array(feedbackCase),
  next: nextCursor,
  summary: feedbackSummary,
});
export type FeedbackList = z.infer<typeof feedbackList>;
