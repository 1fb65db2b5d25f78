/**
 * The one wait of the tests: a condition, re-checked until it holds, with a bounded timeout. Tests wait for the
 * event (or a marker message after it), they never sleep and hope. It keeps the real clock's timers from before
 * a test fakes them, so it also waits for a real socket in a test that runs fake timers.
 */
const realSetTimeout = globalThis.setTimeout;
const realNow = performance.now.bind(performance);

export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 5_000, intervalMs = 20, what = 'condition' } = {},
): Promise<T> {
  const deadline = realNow() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (realNow() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => realSetTimeout(r, intervalMs));
  }
}
