import { signal } from '@preact/signals';
import { newScreenToken, screenTokenList } from '../../../src/screens/schema.ts';
import { command, get, request } from './api.ts';
import { actions, remote } from './remote.ts';

/** The big screen's read-only links. */
export const screenLinks = remote(() => get('/screen-tokens', screenTokenList));
export const screenActions = actions();
/** The link just made: its URL is shown this once. */
export const madeLink = signal<string | null>(null);

export async function makeScreenLink(name: string, district: string | null): Promise<boolean> {
  const made = await screenActions.run('new', async () => {
    const answer = await request('POST', '/screen-tokens', newScreenToken, {
      name,
      ...(district ? { district } : {}),
    });
    madeLink.value = `${location.origin}${answer.path}`;
  });
  if (made) void screenLinks.load();
  return made;
}

export const revokeScreenLink = (id: string) =>
  screenActions.run(`revoke:${id}`, async () => {
    await command('DELETE', `/screen-tokens/${encodeURIComponent(id)}`);
    await screenLinks.load();
  });
