import { BoxError } from './box-error';

/** Box's errors: faults injected through /_sandbox/faults, as Box's API would answer them. */

/** An injected failure on the API: Box's 429, or its 5xx. */
export const injectedFault = (status: number) =>
  status === 429
    ? new BoxError(429, 'rate_limit_exceeded', 'Request rate limit exceeded, please try again later')
    : new BoxError(status, status === 500 ? 'internal_server_error' : 'unavailable', 'Injected fault');
