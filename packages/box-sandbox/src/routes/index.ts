import compression from 'compression';
import express, { type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { authenticate } from '../auth/authenticate';
import { oauthHandlers } from '../auth/oauth';
import { AVATAR_PIC_PATH } from '../avatar-urls';
import { createContext } from '../context';
import { boxCors } from '../cors';
import { errorHandler, unknownRoute } from '../error-handler';
import type { Realtime } from '../events/realtime';
import type { AccountLimits } from '../limits';
import { PREVIEW_STATIC_PATH, type PreviewLibrary } from '../preview-assets';
import { requestId } from '../request-id';
import { PLACEHOLDER_PATH } from '../thumbnails/placeholder';
import type { SandboxStore } from '../store';
import { localOnly, testingHandlers } from '../testing/endpoints';
import type { Faults } from '../testing/faults';
import { injectFaults } from '../testing/inject';
import { countRequests, type Stats } from '../testing/stats';
import { avatarHandlers } from './avatars';
import { collectionHandlers } from './collections';
import { commentHandlers } from './comments';
import { copyHandlers } from './copies';
import { downloadHandlers } from './downloads';
import { fileCollaboratorHandlers } from './file-collaborators';
import { eventHandlers } from './events';
import { fileVersionHandlers } from './file-versions';
import { fileHandlers } from './files';
import { folderLockHandlers } from './folder-locks';
import { folderHandlers } from './folders';
import { groupMembershipHandlers } from './group-memberships';
import { groupHandlers } from './groups';
import { linkedTaskHandlers } from './linked-tasks';
import { metadataInstanceHandlers } from './metadata-instances';
import { metadataQueryHandlers } from './metadata-queries';
import { metadataTemplateHandlers } from './metadata-templates';
import { representationHandlers } from './representations';
import { searchHandlers } from './search';
import { sharedItemHandlers } from './shared-items';
import { sharedLinkHandlers } from './shared-links';
import { skillInvocationHandlers } from './skill-invocations';
import { taskCollaboratorHandlers } from './task-collaborators';
import { taskAssignmentHandlers, taskHandlers } from './tasks';
import { threadedCommentHandlers } from './threaded-comments';
import { trashHandlers } from './trash';
import { uploadSessionHandlers } from './upload-sessions';
import { uploadHandlers } from './uploads';
import { webLinkHandlers } from './web-links';
import { userHandlers } from './users';
import { userTransferHandlers } from './user-transfer';
import { watermarkHandlers } from './watermarks';
import { zipDownloadHandlers } from './zip-downloads';

export interface SandboxAppDeps {
  store: SandboxStore;
  stats: Stats;
  faults: Faults;
  tokenTtlSeconds: number;
  limits: AccountLimits;
  isOriginAllowed: (origin: string) => boolean;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  preview: PreviewLibrary;
  /** How long a thumbnail request waits before answering 202 (see SandboxContext). */
  thumbnailWaitMs?: number;
  /** The long polls of the event stream, answered when events are recorded (and at close). */
  realtime: Realtime;
}

const JSON_LIMIT = '1mb';
const anyBodyAsJson = express.json({ limit: JSON_LIMIT, type: () => true });
const jsonBodiesOnly = express.json({ limit: JSON_LIMIT, type: 'application/json' });
const passwordForm = express.urlencoded({ extended: false, limit: '4kb' });

/**
 * The whole sandbox: one port serves what Box spreads over its hosts. Its routing table, below, is
 * the map of the API: one line per route, grouped by the Box host it stands in for. To add an
 * endpoint, write its handler in the file of its resource and add its line here.
 *
 * The path on each line is also the name `/_sandbox/stats` counts the route under
 * (`GET /2.0/folders/:id`): tests and benchmarks read those names, so a route keeps its path.
 */
export function createSandboxApp(deps: SandboxAppDeps): express.Express {
  const { store, stats, faults } = deps;
  const ctx = createContext(store, deps.limits, deps.realtime, { thumbnailWaitMs: deps.thumbnailWaitMs });
  const oauth = oauthHandlers(store, stats, { tokenTtlSeconds: deps.tokenTtlSeconds });
  const testing = testingHandlers(stats, faults, store);
  const folders = folderHandlers(ctx);
  const files = fileHandlers(ctx);
  const representations = representationHandlers(ctx);
  const search = searchHandlers(ctx);
  const users = userHandlers(ctx);
  const transfer = userTransferHandlers(ctx);
  const avatars = avatarHandlers(ctx);
  const groups = groupHandlers(ctx);
  const memberships = groupMembershipHandlers(ctx);
  const uploads = uploadHandlers(ctx);
  const uploadSessions = uploadSessionHandlers(ctx);
  const sharedLinks = sharedLinkHandlers(ctx);
  const sharedItems = sharedItemHandlers(ctx);
  const downloads = downloadHandlers(ctx);
  const trash = trashHandlers(ctx);
  const webLinks = webLinkHandlers(ctx);
  const copies = copyHandlers(ctx);
  const versions = fileVersionHandlers(ctx);
  const folderLocks = folderLockHandlers(ctx);
  const zipDownloads = zipDownloadHandlers(ctx);
  const comments = commentHandlers(ctx);
  const tasks = taskHandlers(ctx);
  const taskAssignments = taskAssignmentHandlers(ctx);
  const collaborators = fileCollaboratorHandlers(ctx);
  const threadedComments = threadedCommentHandlers(ctx);
  const linkedTasks = linkedTaskHandlers(ctx);
  const taskCollaborators = taskCollaboratorHandlers(ctx);
  const events = eventHandlers(ctx, deps.realtime);
  const metadata = metadataInstanceHandlers(ctx);
  const templates = metadataTemplateHandlers(ctx);
  const metadataQueries = metadataQueryHandlers(ctx);
  const skillInvocations = skillInvocationHandlers(ctx);
  const collections = collectionHandlers(ctx);
  const watermarks = watermarkHandlers(ctx);

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(requestId);
  app.use(countRequests(stats));
  // Box gzips its JSON answers; file bytes go out as they are (and keep their Range support).
  app.use(compression({ filter: (_req, res) => /json/.test(String(res.getHeader('Content-Type') ?? '')) }));

  // /_sandbox: the sandbox's own test endpoints, not Box's, for loopback callers. Before CORS: no
  // browser page is meant to call them, whatever origins the API allows.
  const sandbox = routeGroup(app, '/_sandbox', localOnly, express.json({ limit: '16kb' }));
  sandbox.get('/_sandbox/stats', testing.stats);
  sandbox.post('/_sandbox/stats/reset', testing.resetStats);
  sandbox.get('/_sandbox/app', testing.appSettings);
  sandbox.put('/_sandbox/app', testing.updateAppSettings);
  sandbox.get('/_sandbox/faults', testing.faults);
  sandbox.post('/_sandbox/faults', testing.addFault);
  sandbox.delete('/_sandbox/faults', testing.clearFaults);

  // cdn01.boxcdn.net: the preview library and the thumbnail placeholder, public like a CDN
  // (before CORS Domains and faults).
  const cdn = routeGroup(app);
  cdn.get(`${PREVIEW_STATIC_PATH}/:version/:language/:file`, deps.preview.serve);
  cdn.get(PLACEHOLDER_PATH, representations.placeholder);

  // CORS before faults: an injected 429 or 503 must reach a browser page as Box's would, with
  // Access-Control-Allow-Origin, or the page sees a network error instead of the status.
  app.use(boxCors(deps.isOriginAllowed));
  app.use(injectFaults(faults));

  // api.box.com/oauth2: token forms, no bearer token.
  const oauth2 = routeGroup(app, '/oauth2', express.urlencoded({ extended: false, limit: '64kb' }));
  oauth2.post('/oauth2/token', oauth.token);
  oauth2.post('/oauth2/revoke', oauth.revoke);

  // api.box.com/2.0, its one multipart route: an avatar's image (streamed by its handler), before
  // the group below, which reads every body as JSON.
  const apiMultipart = routeGroup(app);
  apiMultipart.post('/2.0/users/:id/avatar', authenticate(store), avatars.upload);

  // api.box.com/2.0: a bearer token on every request; a body is JSON whatever its Content-Type.
  const api = routeGroup(app, '/2.0', authenticate(store), anyBodyAsJson);
  api.get('/2.0/folders/trash/items', trash.list); // before /folders/:id/items
  api.get('/2.0/folders/:id', folders.get);
  api.get('/2.0/folders/:id/items', folders.items);
  api.post('/2.0/folders', folders.create);
  api.post('/2.0/folders/:id', trash.restoreFolder);
  api.post('/2.0/folders/:id/copy', copies.folder);
  api.put('/2.0/folders/:id', folders.update);
  api.delete('/2.0/folders/:id', folders.delete);
  api.get('/2.0/folders/:id/trash', trash.folder);
  api.delete('/2.0/folders/:id/trash', trash.purgeFolder);
  api.get('/2.0/folders/:id/metadata', metadata.listOnFolder);
  api.get('/2.0/folders/:id/metadata/:scope/:templateKey', metadata.getOnFolder);
  api.post('/2.0/folders/:id/metadata/:scope/:templateKey', metadata.createOnFolder);
  api.put('/2.0/folders/:id/metadata/:scope/:templateKey', metadata.updateOnFolder);
  api.delete('/2.0/folders/:id/metadata/:scope/:templateKey', metadata.deleteOnFolder);
  api.get('/2.0/folders/:id/watermark', watermarks.folder.get);
  api.put('/2.0/folders/:id/watermark', watermarks.folder.update);
  api.delete('/2.0/folders/:id/watermark', watermarks.folder.delete);
  api.get('/2.0/folder_locks', folderLocks.list);
  api.post('/2.0/folder_locks', folderLocks.create);
  api.delete('/2.0/folder_locks/:id', folderLocks.delete);
  api.options('/2.0/files/content', files.preflightUpload);
  api.options('/2.0/files/:id/content', files.preflightNewVersion);
  api.get('/2.0/files/:id', files.get);
  api.post('/2.0/files/:id', trash.restoreFile);
  api.put('/2.0/files/:id', files.update);
  api.delete('/2.0/files/:id', files.delete);
  api.get('/2.0/files/:id/trash', trash.file);
  api.delete('/2.0/files/:id/trash', trash.purgeFile);
  api.post('/2.0/files/:id/copy', copies.file);
  api.get('/2.0/files/:id/versions', versions.list);
  api.post('/2.0/files/:id/versions/current', versions.promote);
  api.get('/2.0/files/:id/versions/:versionId', versions.get);
  api.put('/2.0/files/:id/versions/:versionId', versions.restore);
  api.delete('/2.0/files/:id/versions/:versionId', versions.delete);
  api.get('/2.0/files/:id/content', files.download);
  api.get('/2.0/files/:id/metadata', metadata.listOnFile);
  api.get('/2.0/files/:id/metadata/:scope/:templateKey', metadata.getOnFile);
  api.post('/2.0/files/:id/metadata/:scope/:templateKey', metadata.createOnFile);
  api.put('/2.0/files/:id/metadata/:scope/:templateKey', metadata.updateOnFile);
  api.delete('/2.0/files/:id/metadata/:scope/:templateKey', metadata.deleteOnFile);
  api.get('/2.0/files/:id/watermark', watermarks.file.get);
  api.put('/2.0/files/:id/watermark', watermarks.file.update);
  api.delete('/2.0/files/:id/watermark', watermarks.file.delete);
  api.get('/2.0/files/:id/thumbnail.:extension', representations.thumbnail);
  api.post('/2.0/web_links', webLinks.create);
  api.get('/2.0/web_links/:id', webLinks.get);
  api.post('/2.0/web_links/:id', trash.restoreWebLink);
  api.put('/2.0/web_links/:id', webLinks.update);
  api.delete('/2.0/web_links/:id', webLinks.delete);
  api.get('/2.0/web_links/:id/trash', trash.webLink);
  api.delete('/2.0/web_links/:id/trash', trash.purgeWebLink);
  api.get(
    '/2.0/internal_files/:id/versions/:versionId/representations/:representation',
    representations.info,
  );
  api.get(
    '/2.0/internal_files/:id/versions/:versionId/representations/:representation/content{/*asset}',
    representations.content,
  );
  api.get('/2.0/files/:id/comments', comments.list);
  api.post('/2.0/comments', comments.create);
  api.get('/2.0/comments/:id', comments.get);
  api.put('/2.0/comments/:id', comments.update);
  api.delete('/2.0/comments/:id', comments.delete);
  api.get('/2.0/files/:id/tasks', tasks.listOnFile);
  api.post('/2.0/tasks', tasks.create);
  api.get('/2.0/tasks/:id', tasks.get);
  api.put('/2.0/tasks/:id', tasks.update);
  api.delete('/2.0/tasks/:id', tasks.delete);
  api.get('/2.0/tasks/:id/assignments', tasks.assignments);
  api.post('/2.0/task_assignments', taskAssignments.create);
  api.get('/2.0/task_assignments/:id', taskAssignments.get);
  api.put('/2.0/task_assignments/:id', taskAssignments.update);
  api.delete('/2.0/task_assignments/:id', taskAssignments.delete);
  // Undocumented, as Content Sidebar uses them (docs/sandbox.md, "Comments and tasks").
  api.get('/2.0/files/:id/collaborators', collaborators.list);
  api.get('/2.0/undoc/comments', threadedComments.list);
  api.post('/2.0/undoc/comments', threadedComments.create);
  api.get('/2.0/undoc/comments/:id', threadedComments.get);
  api.put('/2.0/undoc/comments/:id', threadedComments.update);
  api.delete('/2.0/undoc/comments/:id', threadedComments.delete);
  api.get('/2.0/undoc/comments/:id/replies', threadedComments.replies);
  api.post('/2.0/undoc/comments/:id/replies', threadedComments.reply);
  api.get('/2.0/undoc/files/:id/linked_tasks', linkedTasks.listOnFile);
  api.post('/2.0/undoc/tasks/with_dependencies', linkedTasks.create); // before /undoc/tasks/:id
  api.get('/2.0/undoc/tasks/:id', linkedTasks.get);
  api.put('/2.0/undoc/tasks/:id/with_dependencies', linkedTasks.update);
  api.delete('/2.0/undoc/tasks/:id', linkedTasks.delete);
  api.get('/2.0/undoc/tasks/:id/task_collaborators', taskCollaborators.list);
  api.post('/2.0/undoc/task_collaborators', taskCollaborators.create);
  api.post('/2.0/undoc/task_collaborators/expand_group', taskCollaborators.createForGroup);
  api.put('/2.0/undoc/task_collaborators/:id', taskCollaborators.update);
  api.delete('/2.0/undoc/task_collaborators/:id', taskCollaborators.delete);
  api.post('/2.0/zip_downloads', zipDownloads.create);
  api.get('/2.0/zip_downloads/:zipId/status', zipDownloads.status);
  api.get('/2.0/shared_items', sharedItems.get);
  api.get('/2.0/metadata_templates', templates.byInstance);
  api.get('/2.0/metadata_templates/enterprise', templates.enterprise); // before /metadata_templates/:templateId
  api.get('/2.0/metadata_templates/global', templates.global);
  api.post('/2.0/metadata_templates/schema', templates.create);
  api.get('/2.0/metadata_templates/:scope/:templateKey/schema', templates.get);
  api.put('/2.0/metadata_templates/:scope/:templateKey/schema', templates.update);
  api.delete('/2.0/metadata_templates/:scope/:templateKey/schema', templates.delete);
  api.get('/2.0/metadata_templates/:templateId', templates.byId);
  api.put('/2.0/skill_invocations/:skillId', skillInvocations.update);
  api.post('/2.0/metadata_queries/execute_read', metadataQueries.executeRead);
  api.get('/2.0/collections', collections.list);
  api.get('/2.0/collections/:id', collections.get);
  api.get('/2.0/collections/:id/items', collections.items);
  api.get('/2.0/search', search.content);
  api.get('/2.0/recent_items', search.recentItems);
  api.get('/2.0/events', events.list);
  api.options('/2.0/events', events.realtimeServers);
  api.get('/2.0/users/me', users.me); // before /users/:id
  api.get('/2.0/users', users.list);
  api.get('/2.0/users/:id', users.get);
  api.post('/2.0/users', users.create);
  api.put('/2.0/users/:id', users.update);
  api.delete('/2.0/users/:id', users.delete);
  api.put('/2.0/users/:id/folders/0', transfer.transferRoot);
  api.get('/2.0/users/:id/memberships', memberships.ofUser);
  api.get('/2.0/users/:id/avatar', avatars.get);
  api.delete('/2.0/users/:id/avatar', avatars.delete);
  api.get('/2.0/groups', groups.list);
  api.post('/2.0/groups', groups.create);
  api.get('/2.0/groups/:id', groups.get);
  api.put('/2.0/groups/:id', groups.update);
  api.delete('/2.0/groups/:id', groups.delete);
  api.get('/2.0/groups/:id/memberships', memberships.ofGroup);
  api.post('/2.0/group_memberships', memberships.create);
  api.get('/2.0/group_memberships/:id', memberships.get);
  api.put('/2.0/group_memberships/:id', memberships.update);
  api.delete('/2.0/group_memberships/:id', memberships.delete);

  // upload.box.com/api/2.0: a bearer token on every request; only application/json bodies are
  // parsed (an upload's multipart body is streamed by its handler).
  const upload = routeGroup(app, '/api/2.0', authenticate(store), jsonBodiesOnly);
  upload.post('/api/2.0/files/content', uploads.upload);
  upload.post('/api/2.0/files/:id/content', uploads.newVersion);
  upload.get('/api/2.0/files/:id/content', uploads.download);
  upload.post('/api/2.0/files/upload_sessions', uploadSessions.create);
  upload.post('/api/2.0/files/:id/upload_sessions', uploadSessions.createForVersion);
  upload.get('/api/2.0/files/upload_sessions/:sessionId', uploadSessions.get);
  upload.put('/api/2.0/files/upload_sessions/:sessionId', uploadSessions.uploadPart);
  upload.get('/api/2.0/files/upload_sessions/:sessionId/parts', uploadSessions.listParts);
  upload.post('/api/2.0/files/upload_sessions/:sessionId/commit', uploadSessions.commit);
  upload.post('/api/2.0/files/upload_sessions/:sessionId/log', uploadSessions.log);
  upload.delete('/api/2.0/files/upload_sessions/:sessionId', uploadSessions.abort);

  // app.box.com/s/…: shared links, open to whoever holds them. A POST carries a link's password
  // (its password form's).
  const links = routeGroup(app);
  links.get('/s/:token', sharedLinks.view);
  links.post('/s/:token', passwordForm, sharedLinks.view);
  links.get('/s/:token/:type/:id', sharedLinks.view);
  links.post('/s/:token/:type/:id', passwordForm, sharedLinks.view);
  links.get('/v/:vanityName', sharedLinks.vanity);
  links.post('/v/:vanityName', passwordForm, sharedLinks.vanity);
  links.get('/v/:vanityName/:type/:id', sharedLinks.vanity);
  links.post('/v/:vanityName/:type/:id', passwordForm, sharedLinks.vanity);
  links.get('/shared/static/:token', sharedLinks.download);
  links.post('/shared/static/:token', passwordForm, sharedLinks.download);

  // app.box.com/index.php?rm=pic_storage_auth&pic=…: avatars' `pic_urls`, open to whoever holds
  // them (the signed `pic` is the key).
  app.get(AVATAR_PIC_PATH, avatars.picture);

  // *.realtime.services.box.net: the event stream's long polls, by channel (no token).
  app.get('/subscribe', events.subscribe);

  // dl.boxcloud.com: the short-lived URLs downloads redirect to, and zip downloads' content,
  // open to whoever holds them.
  app.get('/d/1/:ticket{/:name}', downloads.byTicket);
  app.get('/d/2.0/zip_downloads/:zipId/content', zipDownloads.content);

  app.use(unknownRoute);
  app.use(errorHandler(deps.logger));
  return app;
}

/**
 * A group of routes and the middleware they share, for requests under `prefix`. Each group is a
 * router of its own, mounted at the root so that its routes are written with their full paths;
 * its middleware runs for every request under `prefix`, matched by a route or not (an unknown
 * /2.0 path without a token is a 401, as on Box).
 */
function routeGroup(app: express.Express, prefix?: string, ...middleware: RequestHandler[]): express.Router {
  const router = express.Router();
  if (prefix !== undefined) router.use(prefix, ...middleware);
  app.use(router);
  return router;
}
