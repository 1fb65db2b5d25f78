import { signal } from '@preact/signals';

export type Route =
  | { page: 'overview' }
  | { page: 'station'; id: string }
  | { page: 'alarms' }
  | { page: 'schedules' }
  | { page: 'feedback' }
  | { page: 'export' };

function parse(hash: string): Route {
  const [, page, id] = hash.replace(/^#/, '').split('/');
  if (page === 'station' && id) return { page: 'station', id: decodeURIComponent(id) };
  if (page === 'alarms' || page === 'schedules' || page === 'feedback' || page === 'export') return { page };
  return { page: 'overview' };
}

/** The page, from the URL hash (so the hub serves one index.html and the back button works). */
export const route = signal<Route>(parse(location.hash));
window.addEventListener('hashchange', () => {
  route.value = parse(location.hash);
});

export const href = (r: Route) => (r.page === 'station' ? `#/station/${encodeURIComponent(r.id)}` : `#/${r.page}`);
