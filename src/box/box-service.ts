import { BoxClient } from 'box-node-sdk';
import type { NetworkSession } from 'box-node-sdk/networking';
import { LRUCache } from 'lru-cache';
import type { BoxAppConfig } from '../config/box-app';
import { AppUsers } from './app-users';
import { ensureDemoTemplate } from './demo-content';
import { DemoFolders, type DemoFolder, type DemoFolderPage } from './demo-folder';
import type { Flights } from './flights';
import type { TokenLedger } from './tokens/ledger';
import { ParentTokens, type ParentToken } from './tokens/parent-tokens';
import { BoxTokenEndpoint, type TokenEndpoint } from './tokens/token-endpoint';
import type { Element } from './scopes';
import { subjectKey, type Subject } from './subject';
import { SubjectAuth } from './tokens/subject-auth';
import type { TokenEvents } from './tokens/token-events';
import type { TokenStore } from './tokens/token-store';
import { UiTokens, type BoxResource, type UiToken } from './tokens/ui-tokens';

/** Who a subject is at Box, for the pages. */
export interface Identity {
  id: string;
  name: string;
  login: string;
}

/** Where the service keeps what it caches: in memory, or in Redis (chosen once, in src/state/). */
export interface BoxState {
  parentTokens: TokenStore<ParentToken>;
  uiTokens: TokenStore<UiToken>;
  ledger: TokenLedger;
  flights: Flights;
}

export interface BoxServiceOptions {
  app: BoxAppConfig;
  apiHost: string;
  networkSession: NetworkSession;
  /** The app's own subject: the enterprise's service account, or the app user BOX_USER_ID names. */
  serviceSubject: Subject;
  demoFolderName: string;
  sampleDir: string;
  allowSharedLinks: boolean;
  /** Bound on subjects whose folder and client are remembered. */
  maxSubjects: number;
  state: BoxState;
  events?: TokenEvents;
}

/** SDK clients are costly to build (about 150 µs and 4 kB each): the busiest subjects keep theirs. */
const CLIENT_CACHE_SIZE = 100;
/** Revocations at Box under way at once during one sign-out. */
const REVOKE_CONCURRENCY = 8;

/** `work` on every item, at most `concurrency` at a time; every outcome, in the items' order. */
async function inTurns<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<PromiseSettledResult<void>[]> {
  const results: PromiseSettledResult<void>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!).then(
        (value): PromiseFulfilledResult<void> => ({ status: 'fulfilled', value }),
        (reason: unknown): PromiseRejectedResult => ({ status: 'rejected', reason }),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/**
 * Everything the app does at Box, per subject: its client, its demo folder and its UI tokens, and
 * for the service account, the app users. The web layer sees only this (and BoxSpace); no SDK
 * auth object or token store leaves src/box/.
 */
export class BoxService {
  readonly appUsers: AppUsers;
  private readonly endpoint: TokenEndpoint;
  private readonly parents: ParentTokens;
  private readonly uiTokens: UiTokens;
  private readonly folders: DemoFolders;
  private readonly clients = new LRUCache<string, BoxClient>({ max: CLIENT_CACHE_SIZE });
  private readonly identities: LRUCache<string, Identity>;
  /** What every BoxSpace works with. */
  private readonly shared: SpaceParts;
  private templateReady: Promise<boolean> | undefined;
  private service: BoxSpace | undefined;

  constructor(private readonly options: BoxServiceOptions) {
    const { state, networkSession, events } = options;
    this.endpoint = new BoxTokenEndpoint(options.app, networkSession);
    this.parents = new ParentTokens({
      endpoint: this.endpoint,
      store: state.parentTokens,
      flights: state.flights,
      events,
    });
    this.uiTokens = new UiTokens({
      parents: this.parents,
      endpoint: this.endpoint,
      apiHost: options.apiHost,
      store: state.uiTokens,
      ledger: state.ledger,
      flights: state.flights,
      allowSharedLinks: options.allowSharedLinks,
      // The app's own subject never signs out: its tokens need no ledger.
      signsOut: (subject) => subjectKey(subject) !== subjectKey(options.serviceSubject),
      events,
    });
    this.folders = new DemoFolders(options.demoFolderName, options.sampleDir, options.maxSubjects, () =>
      this.demoTemplate(),
    );
    this.identities = new LRUCache({ max: options.maxSubjects });
    this.appUsers = new AppUsers(() => this.clientOf(options.serviceSubject), state.flights);
    this.shared = {
      folders: this.folders,
      uiTokens: this.uiTokens,
      parents: this.parents,
      identities: this.identities,
      clientOf: (subject) => this.clientOf(subject),
    };
  }

  /** What the app does as `subject`. Cheap: build one per request. */
  space(subject: Subject): BoxSpace {
    return new BoxSpace(subject, this.shared);
  }

  /** The app's own subject (AUTH_MODE=none, and the service account's work): made once. */
  serviceSpace(): BoxSpace {
    this.service ??= this.space(this.options.serviceSubject);
    return this.service;
  }

  /** A Box token can be had for the app's own subject (cached or new): `/readyz`. */
  async ready(): Promise<void> {
    await this.parents.get(this.options.serviceSubject);
  }

  /**
   * Sign-out: revoke at Box every downscoped token handed out for the subject and its parent
   * token, and forget them, so none is ever handed out again.
   */
  async revokeAll(subject: Subject): Promise<void> {
    const handedOut = await this.uiTokens.takeHandedOut(subject);
    // A busy person may have thousands (the ledger holds all that TOKEN_RATE_LIMIT lets through in
    // a token's life): REVOKE_CONCURRENCY requests at a time, not thousands at once at Box.
    const results = (
      await Promise.all([
        Promise.allSettled([this.parents.revoke(subject)]),
        inTurns(handedOut, REVOKE_CONCURRENCY, (token) => this.parents.revokeAtBox(token)),
      ])
    ).flat();
    this.identities.delete(subjectKey(subject));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** How many downscoped tokens this process holds (the metrics' token_cache_entries). */
  cachedTokenCount(): Promise<number> {
    return this.uiTokens.cachedCount();
  }

  /** Forget every cached token, as a process that never asked (tests and benchmarks). */
  async forgetTokens(): Promise<void> {
    await Promise.all([this.parents.clear(), this.uiTokens.clear()]);
  }

  /** The demo metadata template, made once per process by the service account (demo-content.ts). */
  private demoTemplate(): Promise<boolean> {
    if (!this.templateReady) {
      this.templateReady = ensureDemoTemplate(this.clientOf(this.options.serviceSubject));
      // A failure (Box down) is forgotten: the next seed tries again.
      this.templateReady.catch(() => {
        this.templateReady = undefined;
      });
    }
    return this.templateReady;
  }

  /** The SDK client acting as `subject`, its token from ParentTokens. */
  private clientOf(subject: Subject): BoxClient {
    const key = subjectKey(subject);
    let client = this.clients.get(key);
    if (!client) {
      client = new BoxClient({
        auth: new SubjectAuth(this.parents, this.endpoint, subject),
        networkSession: this.options.networkSession,
      });
      this.clients.set(key, client);
    }
    return client;
  }
}

/** The shared parts a BoxSpace uses. */
interface SpaceParts {
  folders: DemoFolders;
  uiTokens: UiTokens;
  parents: ParentTokens;
  identities: LRUCache<string, Identity>;
  clientOf(subject: Subject): BoxClient;
}

/** The app's work as one subject: its folder, its items, its UI tokens, who it is. */
export class BoxSpace {
  readonly key: string;

  constructor(
    readonly subject: Subject,
    private readonly parts: SpaceParts,
  ) {
    this.key = subjectKey(subject);
  }

  private get client(): BoxClient {
    return this.parts.clientOf(this.subject);
  }

  /** Create or reuse the subject's demo folder, seeded when empty. */
  ensureFolder(): Promise<DemoFolder & { created: boolean }> {
    return this.parts.folders.ensure(this.key, this.client);
  }

  folder(): Promise<DemoFolder> {
    return this.parts.folders.folder(this.key, this.client);
  }

  summary(): Promise<DemoFolder & { totalCount: number }> {
    return this.parts.folders.summary(this.key, this.client);
  }

  items(limit: number, marker?: string): Promise<DemoFolderPage> {
    return this.parts.folders.items(this.key, this.client, limit, marker);
  }

  firstFileId(): Promise<string | undefined> {
    return this.parts.folders.firstFileId(this.key, this.client);
  }

  assertContains(fileId: string): Promise<void> {
    return this.parts.folders.assertContains(this.key, this.client, fileId);
  }

  /**
   * A web link (Box's bookmark) in a folder, made as the subject: whether the subject may add to
   * that folder is Box's answer (404 when they cannot see it, 403 when they cannot add to it).
   */
  async createWebLink(
    folderId: string,
    link: { url: string; name?: string; description?: string },
  ): Promise<{ id: string; name: string; url: string; folderId: string }> {
    const created = await this.client.webLinks.createWebLink({ ...link, parent: { id: folderId } });
    return { id: created.id, name: created.name ?? link.url, url: created.url ?? link.url, folderId };
  }

  uiToken(element: Element, resource: BoxResource): Promise<UiToken> {
    return this.parts.uiTokens.get(this.subject, element, resource);
  }

  /** Who this subject is at Box (asked once, then remembered). */
  async identity(): Promise<Identity> {
    const known = this.parts.identities.get(this.key);
    if (known) return known;
    const me = await this.client.users.getUserMe();
    const identity = { id: me.id, name: me.name ?? '', login: me.login ?? '' };
    this.parts.identities.set(this.key, identity);
    return identity;
  }

  /** When the subject's cached token expires, if one is cached (tests). */
  async tokenExpiry(): Promise<number | undefined> {
    return (await this.parts.parents.current(this.subject))?.expiresAt;
  }

  /**
   * The subject's own token, if cached: for tests that prove it never leaves the server. Nothing
   * in the app hands it anywhere.
   */
  async parentToken(): Promise<string | undefined> {
    return (await this.parts.parents.current(this.subject))?.accessToken;
  }

  /** A new grant now, as after a 401 (tests: downscoped tokens of the old one are then not used). */
  async renewToken(): Promise<void> {
    const current = await this.parts.parents.current(this.subject);
    await this.parts.parents.refresh(this.subject, current?.id);
  }
}
