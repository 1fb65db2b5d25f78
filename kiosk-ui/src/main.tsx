import { render } from 'preact';
import { App } from './components/App.tsx';
import { createClock } from './model/clock.ts';
import { syncDocumentLang } from './model/i18n.ts';
import { createLiveModel } from './model/live.ts';
import { liveUrl } from './model/live-state.ts';
import './kiosk.css';

// A kiosk is touched, not browsed: no long-press menu, no pinch, no text selection (see kiosk.css).
document.addEventListener('contextmenu', (event) => event.preventDefault());

const live = createLiveModel({ url: liveUrl(window.location) });
const clock = createClock();
syncDocumentLang(document.documentElement);
live.start();
clock.start();

render(<App live={live} clock={clock} />, document.getElementById('app')!);
