// Browser-safe contracts shared by every part. Node-only pieces have their own entry (`@yizhan/shared/member-code`).
export * from './backoff.ts';
export * from './categories.ts';
export * from './error-body.ts';
export * from './home-assistant.ts';
export * from './live.ts';
export * from './services.ts';
export * from './sync.ts';
export * from './token-bucket.ts';
export * from './topics.ts';
export * from './zone-time.ts';
