export { type Agent, type AgentDeps, buildAgent } from './app.ts';
export { type AgentConfig, loadAgentConfig, parseAgentConfig } from './config.ts';
export { AgentError } from './errors.ts';
export { type EmbeddedBroker, startEmbeddedBroker } from './mqtt/embedded-broker.ts';
