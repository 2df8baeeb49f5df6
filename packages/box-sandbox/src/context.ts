import type { Request } from 'express';
import type { SandboxStore } from './store';
import { Access } from './auth/access';
import { callerOf } from './auth/caller';
import { DownloadTickets } from './download-tickets';
import { EventLog } from './events/event-log';
import type { Realtime } from './events/realtime';
import type { AccountLimits } from './limits';
import type { UserView, View } from './serialize';
import { Thumbnails } from './thumbnails/thumbnails';

/** What every route handler works with. */
export interface SandboxContext {
  store: SandboxStore;
  /** Who may touch what: ownership, a downscoped token's resource, its scopes. */
  access: Access;
  /** Signs and checks the short-lived download URLs. */
  tickets: DownloadTickets;
  /** Every account's upload size limit and storage quota. */
  limits: AccountLimits;
  /** Makes and caches thumbnails. */
  thumbnails: Thumbnails;
  /**
   * How long a thumbnail request waits for a thumbnail being made before it answers 202 (Box's
   * "being generated, retry later"); 0 answers 202 whenever the thumbnail is not made yet.
   */
  thumbnailWaitMs: number;
  /** Records the user events (GET /events) where changes happen. */
  events: EventLog;
}

export function createContext(
  store: SandboxStore,
  limits: AccountLimits,
  realtime: Realtime,
  options: { thumbnailWaitMs?: number } = {},
): SandboxContext {
  const ctx: SandboxContext = {
    store,
    access: new Access(store),
    tickets: new DownloadTickets(store),
    limits,
    thumbnails: new Thumbnails(store.thumbnails, store.blobs),
    thumbnailWaitMs: options.thumbnailWaitMs ?? 3000,
    events: new EventLog(store, realtime, (req) => viewOf(ctx, req)),
  };
  return ctx;
}

/** The origin the client used to reach us: URLs we hand out must work from where it stands. */
export function baseUrlOf(req: Request): string {
  return `${req.protocol}://${req.get('host')}`;
}

export function viewOf(ctx: SandboxContext, req: Request): View {
  const caller = callerOf(req);
  return {
    store: ctx.store,
    allows: (operation, item) => ctx.access.allows(caller, item, operation),
    baseUrl: baseUrlOf(req),
    repHints: req.get('x-rep-hints'),
    lockAllowsDownload: (file) => ctx.access.lockAllowsDownload(caller, file),
    viewerId: caller.user.id,
    watermarkedFolders: new Map(),
  };
}

/** What a user's JSON needs besides the user: its quota, what it uses, the host for its URLs. */
export function userViewOf(ctx: SandboxContext, req: Request): UserView {
  return {
    limits: ctx.limits,
    spaceUsed: (userId) => ctx.store.items.spaceUsedBy(userId),
    baseUrl: baseUrlOf(req),
  };
}
