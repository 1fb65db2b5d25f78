import { render } from 'preact';
import { App } from './components/App.tsx';
import { DoorApp } from './components/DoorApp.tsx';
import { createClock } from './model/clock.ts';
import { syncDocumentLang } from './model/i18n.ts';
import { createLiveModel } from './model/live.ts';
import { liveUrl } from './model/live-state.ts';
import { createIdleWatch } from './model/screen.ts';
import './kiosk.css';

const DEFAULT_IDLE_SECONDS = 90;

// A kiosk is touched, not browsed: no long-press menu, no pinch, no text selection (see kiosk.css).
document.addEventListener('contextmenu', (event) => event.preventDefault());
// Pinch zoom on touchscreens that ignore the viewport's user-scalable=no.
document.addEventListener('touchmove', (event) => event.touches.length > 1 && event.preventDefault(), {
  passive: false,
});

const live = createLiveModel({ url: liveUrl(window.location) });
const clock = createClock();
const idle = createIdleWatch({
  idleMs: () => (live.state.value.content?.display?.idleSeconds ?? DEFAULT_IDLE_SECONDS) * 1000,
});
for (const type of ['pointerdown', 'keydown'] as const) document.addEventListener(type, idle.touch, true);
syncDocumentLang(document.documentElement);
live.start();
clock.start();
idle.start();

// `/door`: the small screen beside the door (the agent serves the same build there).
const page =
  window.location.pathname === '/door' ? <DoorApp live={live} /> : <App live={live} clock={clock} idle={idle} />;
render(page, document.getElementById('app')!);
