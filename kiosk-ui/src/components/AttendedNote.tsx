import { useSignal, useSignalEffect } from '@preact/signals';
import { pick, t } from '../model/i18n.ts';
import type { LiveModel } from '../model/live.ts';

const SHOWN_MS = 8_000;

/** 已签到 with the event's title, for a few seconds after a worker signed in (their code at the door, or a tap). */
export function AttendedNote({ live }: { live: LiveModel }) {
  const shown = useSignal<number | null>(null);
  useSignalEffect(() => {
    const last = live.state.value.lastAttended;
    if (!last) return undefined;
    shown.value = last.seq;
    const timer = setTimeout(() => {
      if (shown.value === last.seq) shown.value = null;
    }, SHOWN_MS);
    return () => clearTimeout(timer);
  });
  const last = live.state.value.lastAttended;
  if (!last || shown.value !== last.seq) return null;
  return (
    <div class="attended-note" role="status" data-testid="attended">
      <strong>{t('attended.title')}</strong> {pick(last.title)}
    </div>
  );
}
