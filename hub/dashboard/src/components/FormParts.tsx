/** Pieces the office's forms share: who an item reaches, and a delete that asks first. */
import { useState } from 'preact/hooks';
import { type StringKey, t } from '../model/i18n.ts';
import { overview, stations } from '../model/overview.ts';

/** 发布范围: every station, a district's, or one station (`all`, `district:<name>`, `station:<id>`). */
export function TargetSelect(props: { value: string; onChange: (value: string) => void }) {
  return (
    <label>
      {t('schedules.target')}
      <select name="target" value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
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
  );
}

/** A delete that asks first: 删除 → "确定删除「…」？" with 确定删除 and 取消. */
export function ConfirmDelete(props: {
  what: string;
  onConfirm: () => void;
  disabled?: boolean;
  /** The button's word when it is not a delete (停用 for a screen link). */
  label?: StringKey;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" class="link" onClick={() => setAsking(true)}>
        {t(props.label ?? 'schedules.delete')}
      </button>
    );
  }
  return (
    <fieldset class="confirm" aria-label={t('confirm.label')}>
      <span>
        {props.label ? t(props.label) : t('confirm.ask')}「{props.what}」？
      </span>
      <button
        type="button"
        class="danger small"
        disabled={props.disabled}
        onClick={() => {
          setAsking(false);
          props.onConfirm();
        }}
      >
        {props.label ? t(props.label) : t('confirm.yes')}
      </button>
      <button type="button" class="small" onClick={() => setAsking(false)}>
        {t('confirm.no')}
      </button>
    </fieldset>
  );
}
