/** Sign-ins at events. Each and its `event.attended` outbox event are one transaction. */
import type { WorkerCategory } from '@yizhan/shared';
import type { Db } from '../db/open.ts';
import type { Outbox } from './outbox.ts';

export interface SignIn {
  eventId: string;
  method: 'code' | 'tap';
  category: WorkerCategory;
  /** The member's pseudonym for a code; absent for a tap. */
  member?: string;
  at: Date;
}

export class AttendanceLog {
  /** True when the sign-in is new (a member signs in once per occurrence; every tap counts). */
  readonly attend: (signIn: SignIn) => boolean;

  constructor(db: Db, outbox: Outbox) {
    const insert = db.prepare(
      `INSERT INTO attendance (event_id, method, category, member, at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    );
    this.attend = db.transaction((s: SignIn): boolean => {
      const { changes } = insert.run(s.eventId, s.method, s.category, s.member ?? null, s.at.toISOString());
      if (changes === 0) return false;
      outbox.append('event.attended', s.at, {
        eventId: s.eventId,
        method: s.method,
        category: s.category,
        ...(s.member ? { member: s.member } : {}),
      });
      return true;
    });
  }
}
