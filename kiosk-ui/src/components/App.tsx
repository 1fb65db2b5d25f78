import { inDailyWindow } from '@yizhan/shared';
import type { Clock } from '../model/clock.ts';
import type { LiveModel } from '../model/live.ts';
import { type IdleWatch, IN_USE_MS, screen } from '../model/screen.ts';
import { serviceDevices } from '../model/services.ts';
import { AttendedNote } from './AttendedNote.tsx';
import { ConnectionMark } from './ConnectionMark.tsx';
import { DoorMoment } from './DoorMoment.tsx';
import { EventsScreen } from './EventsScreen.tsx';
import { HomeScreen } from './HomeScreen.tsx';
import { IdleWarning } from './IdleWarning.tsx';
import { LanguageToggle } from './LanguageToggle.tsx';
import { MoreScreen } from './MoreScreen.tsx';
import { NavBar } from './NavBar.tsx';
import { ReportScreen } from './ReportScreen.tsx';
import { StationHero } from './StationHero.tsx';
import { WalkInScreen } from './WalkInScreen.tsx';

/** Until the agent says otherwise, the zone of every station the union runs. */
const DEFAULT_ZONE = 'Asia/Shanghai';

/** Against burn-in the whole layout moves a few pixels every ten minutes, round a small loop. */
const DRIFT = [
  [0, 0],
  [4, 2],
  [6, -3],
  [2, -5],
  [-3, -4],
  [-6, 0],
  [-4, 4],
  [1, 5],
] as const;

export function App({ live, clock, idle }: { live: LiveModel; clock: Clock; idle: IdleWatch }) {
  const { station, devices, occupancy, content, doorQr, switchedOff } = live.state.value;
  const now = clock.now.value;
  const timeZone = content?.timezone ?? DEFAULT_ZONE;
  const night = content?.display?.nightMode ? inDailyWindow(now, timeZone, content.display.nightMode) : false;
  const [dx, dy] = DRIFT[Math.floor(now.getTime() / 600_000) % DRIFT.length]!;
  const classes = ['kiosk', live.connected.value ? '' : 'is-stale', night ? 'is-night' : ''].filter(Boolean);
  const current = screen.value;
  const touched = idle.lastTouch.value;
  // Reading the clock's signal re-renders each second, so "in use" ends when its 30 s have passed.
  const inUse = touched !== null && clock.now.value && performance.now() - touched < IN_USE_MS;
  // The door QR stays in view for the next worker (their phone shows their own outcome); someone using the
  // kiosk keeps it usable.
  const momentMode = doorQr || inUse ? 'banner' : 'full';
  return (
    <div
      class={classes.join(' ')}
      data-testid="kiosk"
      data-screen={current}
      data-night={String(night)}
      style={{ '--drift-x': `${dx}px`, '--drift-y': `${dy}px` }}
    >
      <div class="topbar">
        <ConnectionMark connected={live.connected} />
        <LanguageToggle />
      </div>
      <StationHero station={station} occupancy={occupancy} now={clock.now} timeZone={timeZone} doorQr={doorQr} />
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard or switch (axe scrollable-region-focusable). */}
      <main class="content" tabIndex={0}>
        {current === 'home' && (
          <HomeScreen
            devices={serviceDevices(devices)}
            loaded={station !== null}
            content={content}
            now={now}
            timeZone={timeZone}
            switchedOff={switchedOff}
          />
        )}
        {current === 'events' && <EventsScreen content={content} now={now} timeZone={timeZone} />}
        {current === 'walk-in' && <WalkInScreen />}
        {/* Kept mounted so its own reset logic runs; hidden when another screen is on. */}
        <div hidden={current !== 'report'}>
          <ReportScreen replies={content?.replies ?? []} timeZone={timeZone} />
        </div>
        {current === 'more' && <MoreScreen content={content} now={now} timeZone={timeZone} />}
      </main>
      <NavBar />
      <DoorMoment moment={live.doorMoment} onDismiss={live.dismissDoorMoment} mode={momentMode} />
      <AttendedNote live={live} />
      <IdleWarning secondsLeft={idle.secondsLeft} onStay={idle.touch} />
    </div>
  );
}
