/**
 * Closing the agent and the hub leaves nothing behind: no timer, socket or server keeps the process
 * (and so the test runner) alive, and no kiosk connection leaves a listener on the agent's bus.
 */
import { expect, it } from 'vitest';
import WebSocket from 'ws';
import { startStack } from './support/stack.ts';
import { waitFor } from './support/wait.ts';

/** Active handles by kind, e.g. { TCPSocketWrap: 3, Timeout: 1 }. */
function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

it('leaves no open handles after the agent, hub and embedded broker close', async () => {
  const before = handles();
  const stack = await startStack();
  const agentListeners = stack.agent.bus.listenerCount();
  const kiosk = new WebSocket(`${stack.kioskUrl.replace('http', 'ws')}/api/live`);
  await new Promise((resolve) => kiosk.once('message', resolve));
  // device, door, occupancy, door QR, switched-off appliances and sign-ins for the one kiosk, beside the agent's own.
  expect(stack.agent.bus.listenerCount()).toBe(agentListeners + 6);
  expect(handles().TCPServerWrap ?? 0).toBeGreaterThan(before.TCPServerWrap ?? 0);

  await stack.close();
  await waitFor(() => kiosk.readyState === WebSocket.CLOSED, { what: 'the kiosk socket to close' });
  expect(stack.agent.bus.listenerCount()).toBe(0);
  // Sockets finish closing on the next turns of the event loop.
  const leftover = await waitFor(
    () => {
      const now = handles();
      const grown = Object.entries(now).filter(([kind, n]) => n > (before[kind] ?? 0));
      return grown.length === 0 ? grown : undefined;
    },
    { timeoutMs: 2_000, what: 'handles to return to what they were before the stack started' },
  );
  expect(leftover).toEqual([]);
});
