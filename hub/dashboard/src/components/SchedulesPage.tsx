import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, get } from '../model/api.ts';
import { addDays, today } from '../model/dates.ts';
import { lang, t } from '../model/i18n.ts';
import { changes, overview, stations } from '../model/live.ts';
import { isAdmin } from '../model/session.ts';
import type { ScheduleView, Target } from '../model/types.ts';

const REPEATS = {
  once: null,
  weekly: 'FREQ=WEEKLY',
  monthly: 'FREQ=MONTHLY',
  yearly: 'FREQ=YEARLY',
} as const;
type Repeat = keyof typeof REPEATS;
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** The weekday of a local date, as RRULE spells it. */
const weekdayOf = (day: string) => WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()]!;

export function SchedulesPage() {
  const [schedules, setSchedules] = useState<ScheduleView[]>([]);
  const load = () => void get<{ schedules: ScheduleView[] }>('/schedules').then((r) => setSchedules(r.schedules));
  useEffect(load, [changes.value.schedules]);
  const targetLabel = (target: Target) => {
    if (target.kind === 'all') return t('schedules.targetAll');
    if (target.kind === 'district') return target.district;
    return stations.value.find((s) => s.id === target.stationId)?.name ?? target.stationId;
  };
  return (
    <>
      {isAdmin() && <ScheduleForm onSaved={load} />}
      <section class="card">
        <h1>{t('schedules.title')}</h1>
        {schedules.length === 0 ? (
          <p class="muted">{t('schedules.none')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t('schedules.titleZh')}</th>
                <th>{t('schedules.target')}</th>
                <th>{t('schedules.start')}</th>
                <th>{t('schedules.end')}</th>
                <th>{t('schedules.repeat')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {schedules.map((s) => (
                <tr key={s.id} data-schedule={s.id}>
                  <td>{s.title[lang.value]}</td>
                  <td>{targetLabel(s.target)}</td>
                  <td>{s.startsLocal.replace('T', ' ')}</td>
                  <td>{s.endsLocal.replace('T', ' ')}</td>
                  <td>
                    <code>{s.rrule ?? t('schedules.once')}</code>
                  </td>
                  <td>
                    {isAdmin() && (
                      <button
                        type="button"
                        class="link"
                        onClick={() => void api('DELETE', `/schedules/${s.id}`).then(load)}
                      >
                        {t('schedules.delete')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function ScheduleForm(props: { onSaved: () => void }) {
  const [zh, setZh] = useState('');
  const [en, setEn] = useState('');
  const [target, setTarget] = useState('all');
  const [day, setDay] = useState(addDays(today(), 1));
  const [start, setStart] = useState('09:00');
  const [end, setEnd] = useState('11:00');
  const [repeat, setRepeat] = useState<Repeat>('weekly');
  const [message, setMessage] = useState<string | null>(null);
  const save = async () => {
    const rule = REPEATS[repeat];
    const [kind, value] = target.split(':') as [string, string | undefined];
    const body = {
      title: { zh: zh.trim(), en: en.trim() || zh.trim() },
      target: kind === 'all' ? { kind } : kind === 'district' ? { kind, district: value } : { kind, stationId: value },
      startsLocal: `${day}T${start}`,
      endsLocal: `${day}T${end}`,
      rrule: rule === 'FREQ=WEEKLY' ? `${rule};BYDAY=${weekdayOf(day)}` : rule,
    };
    try {
      await api('POST', '/schedules', body);
      setMessage(t('schedules.saved'));
      setZh('');
      setEn('');
      props.onSaved();
    } catch (error) {
      setMessage(error instanceof ApiError ? error.message : t('common.error'));
    }
  };
  return (
    <section class="card">
      <h2>{t('schedules.new')}</h2>
      <form
        class="grid-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          {t('schedules.titleZh')}
          <input name="titleZh" required value={zh} onInput={(e) => setZh(e.currentTarget.value)} />
        </label>
        <label>
          {t('schedules.titleEn')}
          <input name="titleEn" value={en} onInput={(e) => setEn(e.currentTarget.value)} />
        </label>
        <label>
          {t('schedules.target')}
          <select name="target" value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
            <option value="all">{t('schedules.targetAll')}</option>
            {overview.value?.districts.map((d) => (
              <option key={d.district} value={`district:${d.district}`}>
                {d.district}
              </option>
            ))}
            {stations.value.map((s) => (
              <option key={s.id} value={`station:${s.id}`}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('schedules.start')}
          <span class="inline">
            <input name="day" type="date" value={day} onChange={(e) => setDay(e.currentTarget.value)} />
            <input name="start" type="time" value={start} onChange={(e) => setStart(e.currentTarget.value)} />
          </span>
        </label>
        <label>
          {t('schedules.end')}
          <input name="end" type="time" value={end} onChange={(e) => setEnd(e.currentTarget.value)} />
        </label>
        <label>
          {t('schedules.repeat')}
          <select name="repeat" value={repeat} onChange={(e) => setRepeat(e.currentTarget.value as Repeat)}>
            {(Object.keys(REPEATS) as Repeat[]).map((r) => (
              <option key={r} value={r}>
                {t(`schedules.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <div class="actions">
          <button type="submit" class="primary">
            {t('schedules.save')}
          </button>
          {message && (
            <span role="status" class="muted">
              {message}
            </span>
          )}
        </div>
      </form>
    </section>
  );
}
