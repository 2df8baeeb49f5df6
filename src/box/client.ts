import { BoxClient, JwtConfig } from 'box-node-sdk';
import type { NetworkSession } from 'box-node-sdk/networking';
import type { BoxAppConfig } from '../config/box-app';
import { createNetworkSession, type BoxHosts } from './network';
import { ExpiringTokenStorage, SingleFlightJwtAuth, type StoredToken } from './parent-token';
import type { TokenEvents } from './token-events';
import { MemoryTokenStore } from './token-store';
import { UiTokens, type CachedUiToken } from './ui-tokens';

export interface BoxConnectionOptions extends BoxHosts {
  app: BoxAppConfig;
  /** Act as this app user; otherwise the app's service account. */
  userId?: string;
  allowSharedLinks: boolean;
  /** Bound on cached downscoped tokens (one per element and resource). */
  maxUiTokens?: number;
  events?: TokenEvents;
  /** Told the status of every response from Box (0 when none came). */
  onBoxResponse?: (status: number) => void;
}

/** An authenticated connection to Box: the SDK client and the token services around it. */
export interface BoxConnection {
  client: BoxClient;
  auth: SingleFlightJwtAuth;
  parentStorage: ExpiringTokenStorage;
  networkSession: NetworkSession;
  uiTokens: UiTokens;
  close(): void;
}

export function connectToBox(options: BoxConnectionOptions): BoxConnection {
  const parentCache = new MemoryTokenStore<StoredToken>(1);
  const parentStorage = new ExpiringTokenStorage(parentCache);
  const { app } = options;
  const config = new JwtConfig({
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    jwtKeyId: app.publicKeyId,
    privateKey: app.privateKey,
    privateKeyPassphrase: app.passphrase,
    // One subject: the app user when given, else the enterprise's service account.
    enterpriseId: options.userId ? undefined : app.enterpriseId,
    userId: options.userId,
    tokenStorage: parentStorage,
  });
  const auth = new SingleFlightJwtAuth({ config });
  auth.onGrant = () => options.events?.grant?.('jwt');
  const networkSession = createNetworkSession(options, options.onBoxResponse);
  const client = new BoxClient({ auth, networkSession });
  const tokenCache = new MemoryTokenStore<CachedUiToken>(options.maxUiTokens ?? 1000);
  const uiTokens = new UiTokens({
    auth,
    parentStorage,
    networkSession,
    apiHost: options.apiHost,
    store: tokenCache,
    allowSharedLinks: options.allowSharedLinks,
    events: options.events,
  });
  return {
    client,
    auth,
    parentStorage,
    networkSession,
    uiTokens,
    close: () => {
      parentCache.close();
      tokenCache.close();
    },
  };
}
