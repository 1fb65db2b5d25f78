/** Problems reported on the kiosk. Each report and its `feedback.created` outbox event are one transaction. */
import { randomUUID } from 'node:crypto';
import type { FeedbackCategory } from '@yizhan/shared';
import type { Db } from '../db/open.ts';
import type { Outbox } from './outbox.ts';

export class FeedbackLog {
  private readonly record;
  private readonly category;

  constructor(db: Db, outbox: Outbox) {
    const insert = db.prepare('INSERT INTO feedback (id, at, category, place) VALUES (?, ?, ?, ?)');
    this.category = db.prepare<[string], FeedbackCategory>('SELECT category FROM feedback WHERE id = ?').pluck();
    this.record = db.transaction((category: FeedbackCategory, place: string | undefined, at: Date): string => {
      const feedbackId = randomUUID();
      insert.run(feedbackId, at.toISOString(), category, place ?? null);
      outbox.append('feedback.created', at, { feedbackId, category, ...(place === undefined ? {} : { place }) });
      return feedbackId;
    });
  }

  /** Returns the new report's id. */
  report(category: FeedbackCategory, place: string | undefined, at: Date): string {
    return this.record(category, place, at);
  }

  /** What a report made here was about; undefined for one this station does not hold. */
  categoryOf(feedbackId: string): FeedbackCategory | undefined {
    return this.category.get(feedbackId);
  }
}
