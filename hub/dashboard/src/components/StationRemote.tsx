import { useEffect } from 'preact/hooks';
import { failureText, formatTime, lang, t } from '../model/i18n.ts';
import { isAdmin } from '../model/session.ts';
import {
  actionError,
  channel,
  screenBusy,
  screenTakenAt,
  screenUrl,
  showStationRemote,
  switching,
  switchPower,
  takeScreen,
} from '../model/station-remote.ts';
import { ReadState } from './RemoteState.tsx';

const REFRESH_MS = 10_000;

/** On site: the live channel, the kiosk's health and screen, and remote power for the station's appliances. */
export function StationRemote(props: { id: string }) {
  useEffect(() => {
    showStationRemote(props.id);
    // The kiosk's health and the channel change without a word to this page: looked at again now and then.
    const timer = setInterval(() => void channel.load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [props.id]);
  const status = channel.data.value;
  const admin = isAdmin();
  const kiosk = status?.kiosk?.status;
  const picture = screenTakenAt.value ?? status?.screenTakenAt ?? null;
  return (
    <section class="card station-remote" data-testid="station-remote">
      <h2>{t('remote.title')}</h2>
      <ReadState remote={channel} what="load.station" />
      {status && (
        <>
          <div class="station-live">
            <span class={status.connected ? 'pill online' : 'pill offline'} data-testid="channel-state">
              {t(status.connected ? 'remote.connected' : 'remote.disconnected')}
            </span>
            <span
              class={kiosk === 'not-responding' ? 'pill offline' : kiosk === 'ok' ? 'pill online' : 'pill'}
              data-testid="kiosk-state"
              data-status={kiosk ?? 'unknown'}
            >
              {t(
                kiosk === 'ok'
                  ? 'remote.kioskOk'
                  : kiosk === 'not-responding'
                    ? 'remote.kioskHung'
                    : 'remote.kioskAbsent',
              )}
            </span>
          </div>
          {actionError.value && <p class="error">{failureText(actionError.value)}</p>}
          <div class="two">
            <div>
              <h3>{t('remote.screen')}</h3>
              {admin && (
                <button
                  type="button"
                  disabled={!status.connected || screenBusy.value}
                  onClick={() => void takeScreen()}
                >
                  {t(screenBusy.value ? 'remote.screenTaking' : 'remote.screenTake')}
                </button>
              )}
              {picture && (
                <figure class="screen-picture">
                  <img src={screenUrl(picture)} alt={t('remote.screen')} data-testid="screen-picture" />
                  <figcaption class="muted">
                    {t('remote.screenTaken')} {formatTime(picture)}
                  </figcaption>
                </figure>
              )}
            </div>
            <div>
              <h3>{t('remote.power')}</h3>
              {status.appliances.length === 0 && <p class="muted">{t('remote.noAppliances')}</p>}
              <ul class="plain">
                {status.appliances.map((a) => (
                  <li key={a.id} data-appliance={a.id}>
                    <strong>{a.label ? a.label[lang.value] : a.id}</strong>{' '}
                    {a.last && (
                      <span class="muted" data-last={a.last.on ? 'on' : 'off'}>
                        {t(a.last.on ? 'remote.lastOn' : 'remote.lastOff')} · {a.last.by} · {formatTime(a.last.at)}
                        {a.last.outcome !== 'done' ? ` (${a.last.outcome})` : ''}
                      </span>
                    )}
                    {admin && (
                      <span class="actions">
                        <button
                          type="button"
                          disabled={!status.connected || switching.value !== null}
                          onClick={() => void switchPower(a.id, false)}
                        >
                          {t('remote.off')}
                        </button>
                        <button
                          type="button"
                          disabled={!status.connected || switching.value !== null}
                          onClick={() => void switchPower(a.id, true)}
                        >
                          {t('remote.on')}
                        </button>
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          </div>
        </>
      )}
    </section>
  );
}
