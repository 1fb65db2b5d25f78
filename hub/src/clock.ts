/** Milliseconds since the epoch; injected so tests control time. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
