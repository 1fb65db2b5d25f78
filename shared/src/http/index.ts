// The HTTP edge both servers stand on (Node only): coded errors, zod route schemas, one error body, OpenAPI.
export * from './coded-error.ts';
export * from './error-handling.ts';
export * from './openapi.ts';
export * from './process-lifecycle.ts';
export * from './process-metrics.ts';
export * from './zod-route.ts';
