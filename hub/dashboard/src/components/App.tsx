import { useEffect } from 'preact/hooks';
import { unacknowledged, watchAlarms } from '../model/alarm-alerts.ts';
import { failureText, lang, t } from '../model/i18n.ts';
import { worksCases } from '../model/injuries.ts';
import { connected, connectLive } from '../model/live.ts';
import { forgetFleet } from '../model/overview.ts';
import { href, type Route, route } from '../model/route.ts';
import { isAdmin, operator, restoreSession, sessionError, signOut, signOutError } from '../model/session.ts';
import { AlarmNotices } from './AlarmNotices.tsx';
import { AlarmsPage } from './AlarmsPage.tsx';
import { ExportPage } from './ExportPage.tsx';
import { FeedbackPage } from './FeedbackPage.tsx';
import { InjuriesPage, InjuryAccessLogPage } from './InjuriesPage.tsx';
import { InjuryAnalysisPage } from './InjuryAnalysisPage.tsx';
import { InjuryCasePage } from './InjuryCasePage.tsx';
import { LoginPage } from './LoginPage.tsx';
import { MapPage } from './MapPage.tsx';
import { NoticesPage } from './NoticesPage.tsx';
import { OverviewPage } from './OverviewPage.tsx';
import { LoadFailure, Loading } from './RemoteState.tsx';
import { SchedulesPage } from './SchedulesPage.tsx';
import { ScreensPage } from './ScreensPage.tsx';
import { StationPage } from './StationPage.tsx';
import { TrendsPage } from './TrendsPage.tsx';

const NAV: { route: Route; label: Parameters<typeof t>[0]; admin?: boolean }[] = [
  { route: { page: 'overview' }, label: 'nav.overview' },
  { route: { page: 'map' }, label: 'nav.map' },
  { route: { page: 'trends' }, label: 'nav.trends' },
  { route: { page: 'alarms' }, label: 'nav.alarms' },
  { route: { page: 'schedules' }, label: 'nav.schedules' },
  { route: { page: 'notices' }, label: 'nav.notices' },
  { route: { page: 'feedback' }, label: 'nav.feedback' },
  { route: { page: 'export' }, label: 'nav.export' },
  { route: { page: 'injuries', state: 'open' }, label: 'nav.injuries' },
  { route: { page: 'screens' }, label: 'nav.screens', admin: true },
];

/** Injury visits are one nav entry over their pages; a district viewer lands on the analysis. */
const INJURY_PAGES = new Set(['injuries', 'injury', 'injury-analysis', 'injury-log']);

export function App() {
  const who = operator.value;
  useEffect(() => {
    if (!who) return undefined;
    const close = connectLive();
    const unwatch = watchAlarms();
    return () => {
      unwatch();
      close();
      forgetFleet();
    };
  }, [who?.username]);
  if (who === undefined) {
    const error = sessionError.value;
    return (
      <div class="login">
        {error ? <LoadFailure what="load.session" error={error} onRetry={() => void restoreSession()} /> : <Loading />}
      </div>
    );
  }
  if (who === null) return <LoginPage />;
  const current = route.value;
  return (
    <div class="shell">
      <header class="topbar">
        <div class="brand">
          <span class="brand-mark">驿</span>
          <div>
            <div class="brand-title">{t('app.title')}</div>
            <div class="brand-sub">{t('app.city')}</div>
          </div>
        </div>
        <nav>
          {NAV.filter((n) => !n.admin || isAdmin()).map((n) => {
            const here =
              current.page === n.route.page || (n.route.page === 'injuries' && INJURY_PAGES.has(current.page));
            const target =
              n.route.page === 'injuries' && !worksCases() ? { page: 'injury-analysis' as const } : n.route;
            return (
              <a
                key={n.route.page}
                href={href(target)}
                class={here ? 'active' : ''}
                aria-current={here ? 'page' : undefined}
              >
                {t(n.label)}
                {n.route.page === 'alarms' && unacknowledged.value > 0 && (
                  <span class="badge alarm nav-badge" data-testid="alarm-badge">
                    {unacknowledged.value}
                  </span>
                )}
              </a>
            );
          })}
        </nav>
        <div class="who">
          <span class={connected.value ? 'live on' : 'live'} role="status">
            {connected.value ? t('live.connected') : t('live.reconnecting')}
          </span>
          <span>
            {who.username}
            {isAdmin()
              ? ''
              : who.role === 'case-officer'
                ? who.district
                  ? ` · ${who.district}`
                  : ''
                : ` · ${who.district} · ${t('common.readOnly')}`}
          </span>
          <button type="button" class="link" onClick={() => (lang.value = lang.value === 'zh' ? 'en' : 'zh')}>
            {t('lang.switch')}
          </button>
          <button type="button" class="link" onClick={() => void signOut()}>
            {t('nav.signOut')}
          </button>
          {signOutError.value && (
            <span role="alert" class="action-error">
              {t('signOut.failed')}
              {t('common.colon')}
              {failureText(signOutError.value)}
            </span>
          )}
        </div>
      </header>
      <AlarmNotices />
      <main>
        {current.page === 'overview' && <OverviewPage />}
        {current.page === 'station' && <StationPage id={current.id} />}
        {current.page === 'alarms' && <AlarmsPage />}
        {current.page === 'schedules' && <SchedulesPage />}
        {current.page === 'notices' && <NoticesPage />}
        {current.page === 'map' && <MapPage />}
        {current.page === 'trends' && <TrendsPage />}
        {current.page === 'screens' && <ScreensPage />}
        {current.page === 'feedback' && <FeedbackPage />}
        {current.page === 'export' && <ExportPage />}
        {current.page === 'injuries' && <InjuriesPage state={current.state} />}
        {current.page === 'injury' && <InjuryCasePage id={current.id} />}
        {current.page === 'injury-analysis' && <InjuryAnalysisPage />}
        {current.page === 'injury-log' && <InjuryAccessLogPage />}
      </main>
    </div>
  );
}
