import type { Logger } from 'pino';
import type { BoxConnection } from '../box/client';
import type { DemoFolderService } from '../box/demo-folder';
import type { Settings } from '../config/settings';
import type { Metrics } from './metrics';

/** Who the app is signed in as, for the home page. */
export interface Identity {
  id: string;
  name: string;
  login: string;
}

/** What the web layer needs; `createApp` takes it, so a test can build the app with its own. */
export interface AppDeps {
  settings: Pick<
    Settings,
    | 'mode'
    | 'apiHost'
    | 'uploadHost'
    | 'staticHost'
    | 'previewLibraryVersion'
    | 'elementsSource'
    | 'allowSharedLinks'
    | 'tokenRateLimitPerMinute'
    | 'trustProxy'
  >;
  box: BoxConnection;
  demo: DemoFolderService;
  logger: Logger;
  metrics: Metrics;
  /** Fetches (and remembers) who the app signs in as. */
  identity: () => Promise<Identity>;
  /** Where the UI Elements' `dist/` and the Lato font files are (defaults: node_modules). */
  paths?: {
    elementsDist?: string;
    fontFiles?: string;
    publicDir?: string;
    viewsDir?: string;
    cacheDir?: string;
  };
}
