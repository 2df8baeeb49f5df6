import type { BoxAppConfig } from '../config/box-app';
import { BoxService, type BoxState } from './box-service';
import { LocalFlights } from './flights';
import { MemoryTokenLedger } from './tokens/ledger';
import { createNetworkSession, type BoxHosts } from './network';
import type { Subject } from './subject';
import type { TokenEvents } from './tokens/token-events';
import { MemoryTokenStore } from './tokens/token-store';

export interface BoxConnectionOptions extends BoxHosts {
  app: BoxAppConfig;
  /** Act as this app user; otherwise the app's service account. */
  userId?: string;
  allowSharedLinks: boolean;
  demoFolderName: string;
  sampleDir: string;
  /** Bound on cached tokens (of each kind) and on subjects remembered. */
  cacheSize?: number;
  /** Where tokens and locks live: in this process (memoryState) or in Redis (src/state/). */
  state: BoxState;
  events?: TokenEvents;
  /** Told the status of every response from Box (0 when none came). */
  onBoxResponse?: (status: number) => void;
}

/** The app's connection to Box (or the sandbox): one network session, one BoxService. */
export function connectToBox(options: BoxConnectionOptions): BoxService {
  const cacheSize = options.cacheSize ?? 1000;
  const serviceSubject: Subject = options.userId
    ? { kind: 'user', id: options.userId }
    : { kind: 'enterprise', id: options.app.enterpriseId };
  return new BoxService({
    app: options.app,
    apiHost: options.apiHost,
    networkSession: createNetworkSession(options, options.onBoxResponse),
    serviceSubject,
    demoFolderName: options.demoFolderName,
    sampleDir: options.sampleDir,
    allowSharedLinks: options.allowSharedLinks,
    maxSubjects: cacheSize,
    state: options.state,
    events: options.events,
  });
}

/**
 * Everything in this process: bounded LRU caches and in-process single flights. The ledger keeps
 * up to `maxHandedOutPerSubject` tokens per person (ledgerBound(TOKEN_RATE_LIMIT)).
 */
export function memoryState(cacheSize: number, maxHandedOutPerSubject: number): BoxState {
  return {
    parentTokens: new MemoryTokenStore(cacheSize),
    uiTokens: new MemoryTokenStore(cacheSize),
    ledger: new MemoryTokenLedger(cacheSize, maxHandedOutPerSubject),
    flights: new LocalFlights(),
  };
}
