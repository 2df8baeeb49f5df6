import { BaseUrls, NetworkSession } from 'box-node-sdk/networking';
import { RetryPolicy } from './retry-policy';

export interface BoxHosts {
  /** API host, e.g. https://api.box.com (the token endpoint is `${apiHost}/oauth2/token`). */
  apiHost: string;
  /** Upload host, e.g. https://upload.box.com (the SDK adds `/api`). */
  uploadHost: string;
}

/** Each attempt of each call to Box gives up after this long. */
export const ATTEMPT_TIMEOUT_MS = 4000;

/**
 * One NetworkSession for every call the app makes, token requests included: the hosts (real Box
 * or the sandbox), a timeout on every attempt, and the retry policy.
 */
export function createNetworkSession(hosts: BoxHosts, onResponse?: (status: number) => void): NetworkSession {
  return new NetworkSession({
    baseUrls: new BaseUrls({
      baseUrl: hosts.apiHost,
      uploadUrl: `${hosts.uploadHost}/api`,
      oauth2Url: 'https://account.box.com/api/oauth2',
    }),
    retryStrategy: new RetryPolicy({ onResponse }),
    timeoutConfig: { timeoutMs: ATTEMPT_TIMEOUT_MS },
  });
}
