import { AppError } from '../app-error';

/** The shared state (Redis) down, slow or restarting: 503 with Retry-After, never a 500. */
export const stateUnavailable = () =>
  new AppError(503, 'state_unavailable', "The app's shared state (Redis) cannot be reached right now", 2);
