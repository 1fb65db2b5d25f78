import { render } from 'preact';
import { App } from './components/App.tsx';
import { restoreSession } from './model/session.ts';
import './dashboard.css';

void restoreSession();
render(<App />, document.getElementById('app')!);
