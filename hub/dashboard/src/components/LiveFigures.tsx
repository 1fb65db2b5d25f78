/** A station's live figures as every page shows them: people inside, and its alarms. */
import type { StationStatus } from '../../../src/live/schema.ts';
import { t } from '../model/i18n.ts';

/** People inside against capacity; "—" while the station is offline (its last count is stale). */
export function Inside(props: { status: StationStatus }) {
  const s = props.status;
  if (!s.online) return <span>—</span>;
  if (s.inside === null) return <span class="muted">{t('station.noSensor')}</span>;
  return (
    <span data-inside={s.inside}>
      {s.inside}/{s.capacity}
    </span>
  );
}

/** Alarms nobody has acknowledged (a badge), and beside them those acknowledged and not yet cleared. */
export function AlarmCount(props: { status: StationStatus }) {
  const s = props.status;
  const acknowledged = s.openAlarms - s.unacknowledgedAlarms;
  return (
    <span data-alarms={s.unacknowledgedAlarms}>
      {s.unacknowledgedAlarms > 0 ? <span class="badge alarm">{s.unacknowledgedAlarms}</span> : '0'}
      {acknowledged > 0 && (
        <span class="muted">
          {' '}
          (+{acknowledged} {t('total.acknowledgedAlarms')})
        </span>
      )}
    </span>
  );
}
