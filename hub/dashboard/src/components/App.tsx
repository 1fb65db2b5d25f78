import { useEffect } from 'preact/hooks';
import { failureText, lang, t } from '../model/i18n.ts';
import { connected, connectLive } from '../model/live.ts';
import { forgetFleet } from '../model/overview.ts';
import { href, type Route, route } from '../model/route.ts';
import { isAdmin, operator, restoreSession, sessionError, signOut, signOutError } from '../model/session.ts';
import { AlarmsPage } from './AlarmsPage.tsx';
import { ExportPage } from './ExportPage.tsx';
import { FeedbackPage } from './FeedbackPage.tsx';
import { LoginPage } from './LoginPage.tsx';
import { OverviewPage } from './OverviewPage.tsx';
import { LoadFailure, Loading } from './RemoteState.tsx';
import { SchedulesPage } from './SchedulesPage.tsx';
import { StationPage } from './StationPage.tsx';

const NAV: { route: Route; label: Parameters<typeof t>[0] }[] = [
  { route: { page: 'overview' }, label: 'nav.overview' },
  { route: { page: 'alarms' }, label: 'nav.alarms' },
  { route: { page: 'schedules' }, label: 'nav.schedules' },
  { route: { page: 'feedback' }, label: 'nav.feedback' },
  { route: { page: 'export' }, label: 'nav.export' },
];

export function App() {
  const who = operator.value;
  useEffect(() => {
    if (!who) return undefined;
    const close = connectLive();
    return () => {
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
          {NAV.map((n) => (
            <a
              key={n.route.page}
              href={href(n.route)}
              class={current.page === n.route.page ? 'active' : ''}
              aria-current={current.page === n.route.page ? 'page' : undefined}
            >
              {t(n.label)}
            </a>
          ))}
        </nav>
        <div class="who">
          <span class={connected.value ? 'live on' : 'live'} role="status">
            {connected.value ? t('live.connected') : t('live.reconnecting')}
          </span>
          <span>
            {who.username}
            {isAdmin() ? '' : ` · ${who.district} · ${t('common.readOnly')}`}
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
      <main>
        {current.page === 'overview' && <OverviewPage />}
        {current.page === 'station' && <StationPage id={current.id} />}
        {current.page === 'alarms' && <AlarmsPage />}
        {current.page === 'schedules' && <SchedulesPage />}
        {current.page === 'feedback' && <FeedbackPage />}
        {current.page === 'export' && <ExportPage />}
      </main>
    </div>
  );
}
