import { t } from '../model/i18n.ts';
import type { DayRange } from '../model/session.ts';

/** "From … to …" as two date inputs; each change gives the whole new range. */
export function DayRangeFields(props: { range: DayRange; onChange: (range: DayRange) => void }) {
  const { range } = props;
  return (
    <>
      <label>
        {t('range.from')}{' '}
        <input
          name="from"
          type="date"
          value={range.from}
          onChange={(e) => props.onChange({ ...range, from: e.currentTarget.value })}
        />
      </label>
      <label>
        {t('range.to')}{' '}
        <input
          name="to"
          type="date"
          value={range.to}
          onChange={(e) => props.onChange({ ...range, to: e.currentTarget.value })}
        />
      </label>
    </>
  );
}
