export type { IpAddress } from './address-policy';
export { parseIpLiteral, refusedRange } from './address-policy';
export { AllowList } from './allow-list';
export type { PinnedGitRemote } from './git-remote';
export { pinGitRemote } from './git-remote';
export * from './outbound-error';
export * from './outbound-gate';
export * from './outbound-http';
export * from './outbound.module';
