import { useEffect, useState } from 'preact/hooks';
import { formatTime, t } from '../model/i18n.ts';
import { overview } from '../model/overview.ts';
import { madeLink, makeScreenLink, revokeScreenLink, screenActions, screenLinks } from '../model/screens.ts';
import { ConfirmDelete } from './FormParts.tsx';
import { ActionNote, ReadState } from './RemoteState.tsx';

/** 数据大屏: read-only links for the office's wall screen, made and revoked by an admin. */
export function ScreensPage() {
  useEffect(() => {
    madeLink.value = null;
    void screenLinks.load();
  }, []);
  const [name, setName] = useState('徐州市总工会驿站数据大屏');
  const [district, setDistrict] = useState('');
  const list = screenLinks.data.value?.screens;
  return (
    <>
      <section class="card">
        <h1>{t('screens.title')}</h1>
        <p class="muted">{t('screens.hint')}</p>
        <form
          class="grid-form"
          onSubmit={(e) => {
            e.preventDefault();
            void makeScreenLink(name.trim(), district || null);
          }}
        >
          <label>
            {t('screens.name')}
            <input name="name" required maxLength={60} value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <label>
            {t('screens.district')}
            <select name="district" value={district} onChange={(e) => setDistrict(e.currentTarget.value)}>
              <option value="">{t('schedules.targetAll')}</option>
              {overview.value?.districts.map((d) => (
                <option key={d.district} value={d.district}>
                  {d.district}
                </option>
              ))}
            </select>
          </label>
          <div class="actions">
            <button
              type="submit"
              class="primary"
              disabled={screenActions.states.value.get('new')?.status === 'pending'}
            >
              {t('screens.create')}
            </button>
            <ActionNote state={screenActions.states.value.get('new')} failed="save.failed" />
          </div>
        </form>
        {madeLink.value && (
          <div class="made-link" role="status">
            <strong>{t('screens.created')}</strong>
            <code data-testid="screen-link">{madeLink.value}</code>
            <a href={madeLink.value} target="_blank" rel="noreferrer">
              {t('screens.open')}
            </a>
          </div>
        )}
      </section>
      <section class="card">
        <ReadState remote={screenLinks} what="load.screens" />
        {list &&
          (list.length === 0 ? (
            <p class="muted">{t('screens.none')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>{t('notices.state')}</th>
                  <th>{t('screens.name')}</th>
                  <th>{t('screens.district')}</th>
                  <th>{t('screens.madeBy')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.map((s) => (
                  <tr key={s.id} data-screen={s.id}>
                    <td>
                      <span class={s.revokedAt ? 'pill notice-ended' : 'pill notice-showing'}>
                        {t(s.revokedAt ? 'screens.revoked' : 'screens.active')}
                      </span>
                    </td>
                    <td>{s.name}</td>
                    <td>{s.district ?? t('schedules.targetAll')}</td>
                    <td>
                      {s.createdBy} · {formatTime(s.createdAt)}
                    </td>
                    <td>
                      <div class="row-actions">
                        {!s.revokedAt && (
                          <ConfirmDelete
                            what={s.name}
                            label="screens.revoke"
                            onConfirm={() => void revokeScreenLink(s.id)}
                          />
                        )}
                        <ActionNote state={screenActions.states.value.get(`revoke:${s.id}`)} failed="save.failed" />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
      </section>
    </>
  );
}
