import { render } from 'preact';
import { ScreenApp } from './ScreenApp.tsx';
import { connectScreen, refused, tokenOf } from './screen-live.ts';
import './screen.css';

const token = tokenOf(location.hash);
if (token) connectScreen(token);
else refused.value = 'invalid';
render(<ScreenApp />, document.getElementById('screen')!);
