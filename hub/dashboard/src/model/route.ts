import { signal } from '@preact/signals';

export type Route =
  | { page: 'overview' }
  | { page: 'station'; id: string }
  | { page: 'alarms' }
  | { page: 'schedules' }
  | { page: 'notices' }
  | { page: 'map' }
  | { page: 'trends' }
  | { page: 'screens' }
  | { page: 'feedback' }
  | { page: 'export' }
  | { page: 'injuries'; state: 'open' | 'closed' }
  | { page: 'injury'; id: string }
  | { page: 'injury-analysis' }
  | { page: 'injury-log' };

function parse(hash: string): Route {
  const [, page, id] = hash.replace(/^#/, '').split('/');
  if (page === 'station' && id) return { page: 'station', id: decodeURIComponent(id) };
  if (page === 'injuries') return { page, state: id === 'closed' ? 'closed' : 'open' };
  if (page === 'injury' && id) return { page, id: decodeURIComponent(id) };
  if (page === 'injury-analysis' || page === 'injury-log') return { page };
  const pages = ['alarms', 'schedules', 'notices', 'feedback', 'export', 'map', 'screens', 'trends'] as const;
  if (pages.includes(page as (typeof pages)[number])) return { page: page as (typeof pages)[number] };
  return { page: 'overview' };
}

/** The page, from the URL hash (so the hub serves one index.html and the back button works). */
export const route = signal<Route>(parse(location.hash));
window.addEventListener('hashchange', () => {
  route.value = parse(location.hash);
});

export const href = (r: Route) => {
  if (r.page === 'station' || r.page === 'injury') return `#/${r.page}/${encodeURIComponent(r.id)}`;
  if (r.page === 'injuries') return r.state === 'closed' ? '#/injuries/closed' : '#/injuries';
  return `#/${r.page}`;
};
