import { downloadUrl, fetchContent, fileInfo, request, viewerLogin, type Connection } from './box-files';
import { Emitter } from './emitter';
import { isAbort, PreviewError, RETRYABLE_CODES, toPreviewError } from './preview-error';
import { detectKind, extensionOf, VIEWER_NAMES } from './file-kind';
import type { BoxFile, FileOptions, PreviewOptions, TokenSource } from './types';
import { SandboxViewer, type ViewerName } from './viewer';
import { el, resolveElement } from './ui/dom';
import { formatBytes } from './ui/format';
import { PreviewFrame } from './ui/frame';
import { errorPanel } from './ui/message';
import { printFrame, printNode } from './ui/print';
import { downloadButton, shouldShowToolbar, toolbar } from './ui/toolbar';
import type { Rendered, ViewerContext } from './viewers/context';
import { renderUnsupported } from './viewers/download';
import { renderContent } from './viewers/render';
import { isWatermarked, watermarkLabel } from './watermark';

export const VERSION = '2.0.0';
const DEFAULT_API_HOST = 'https://api.box.com';

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * `window.Box.Preview`: the part of Box's preview library that Content Preview uses.
 *
 * Content Preview does `new Box.Preview()`, `addListener('load' | 'preview_error' |
 * 'preview_metric', ...)`, `updateFileCache([file])`, `show(fileId, tokenFn, options)`, and later
 * `resize()`, `getCurrentViewer()`, `canPrint()`, `print()`, `download()`, `updateToken()`,
 * `destroy()` and `removeAllListeners()`.
 *
 * Events: `viewer` (the viewer), `load` ({viewer, file, metrics}), `preview_metric` ({event_name:
 * 'load', value, ...}), `preview_error` ({error: {code, message, displayMessage, details},
 * file_id, file_version_id, ...}), `download` and `navigate`.
 */
export class Preview extends Emitter {
  file: BoxFile | undefined;
  viewer: SandboxViewer | undefined;
  fileId = '';
  options: PreviewOptions = {};
  collection: string[] = [];
  readonly fileCache = new Map<string, BoxFile>();
  readonly disabledViewers = new Set<string>();
  experiences: unknown = {};
  contentInsightsOptions: unknown = {};
  token: TokenSource | undefined;

  /** Each show() bumps it; work for an older one notices and stops. */
  private loadCount = 0;
  private abort: AbortController | null = null;
  private objectUrls: string[] = [];
  private frame: PreviewFrame | null = null;
  private rendered: Rendered = {};
  private downloading = false;

  static get VERSION(): string {
    return VERSION;
  }

  /* ---------------- the API ---------------- */

  /** Show a file (an id, or a file object) in `options.container`. */
  show(fileIdOrFile: string | number | BoxFile, token: TokenSource, options?: PreviewOptions): void {
    let fileId = fileIdOrFile;
    if (fileIdOrFile && typeof fileIdOrFile === 'object') {
      this.updateFileCache([fileIdOrFile]);
      fileId = fileIdOrFile.id;
    }
    this.teardown();
    this.fileId = fileId === undefined || fileId === null ? '' : String(fileId as string | number);
    this.token = token;
    this.options = options && typeof options === 'object' ? options : {};
    if (Array.isArray(this.options.collection)) this.updateCollection(this.options.collection);
    this.loadCount += 1;
    void this.load(this.loadCount);
  }

  /** Show the current file again (the error panel's "Try again"). */
  reload(): void {
    if (this.fileId && this.token !== undefined) this.show(this.fileId, this.token, this.options);
  }

  destroy(): void {
    this.loadCount += 1;
    this.teardown();
    this.file = undefined;
  }

  hide(): void {
    this.destroy();
  }

  /** Layout follows CSS; the viewer is only told. */
  resize(): void {
    if (this.viewer && !this.viewer.isDestroyed()) this.viewer.resize();
  }

  getCurrentViewer(): SandboxViewer | undefined {
    return this.viewer;
  }

  getCurrentFile(): BoxFile | undefined {
    return this.file;
  }

  getCurrentCollection(): string[] {
    return this.collection.slice();
  }

  updateFileCache(files: BoxFile | BoxFile[]): void {
    for (const file of Array.isArray(files) ? files : [files])
      if (file && typeof file === 'object' && file.id !== undefined && file.id !== null)
        this.fileCache.set(String(file.id), file);
  }

  updateToken(token: TokenSource, reload?: boolean): void {
    this.token = token;
    if (reload !== false && this.fileId) this.reload();
  }

  updateCollection(collection: PreviewOptions['collection']): void {
    this.collection = (Array.isArray(collection) ? collection : [])
      .map((item) => (item && typeof item === 'object' ? item.id : item))
      .filter((id): id is string | number => id !== undefined && id !== null && id !== '')
      .map(String);
  }

  navigateToIndex(index: number): void {
    if (this.collection.length < 2) return;
    const fileId = this.collection[index];
    if (fileId === undefined || fileId === this.fileId || this.token === undefined) return;
    this.emit('navigate', fileId);
    this.show(fileId, this.token, this.options);
  }

  navigateLeft(): void {
    const index = this.collection.indexOf(this.fileId);
    if (index > 0) this.navigateToIndex(index - 1);
  }

  navigateRight(): void {
    const index = this.collection.indexOf(this.fileId);
    if (index !== -1 && index < this.collection.length - 1) this.navigateToIndex(index + 1);
  }

  enableViewers(viewers: string | string[]): void {
    for (const name of Array.isArray(viewers) ? viewers : [viewers]) this.disabledViewers.delete(name);
  }

  disableViewers(viewers: string | string[]): void {
    for (const name of Array.isArray(viewers) ? viewers : [viewers]) if (name) this.disabledViewers.add(name);
  }

  getViewers(): Array<{ NAME: string }> {
    return VIEWER_NAMES.map((name) => ({ NAME: name }));
  }

  /** Nothing to warm up: file info and bytes are fetched when shown. */
  prefetch(): void {}

  prefetchViewers(): void {}

  enableHotkeys(): void {}

  disableHotkeys(): void {}

  updateExperiences(experiences: unknown): void {
    this.experiences = experiences || {};
  }

  updateContentInsightsOptions(options: unknown): void {
    this.contentInsightsOptions = options || {};
  }

  canPrint(): boolean {
    return !!(this.viewer?.isLoaded() && this.viewer.printable);
  }

  print(): void {
    if (!this.canPrint()) return;
    if (this.rendered.pdfFrame) printFrame(this.rendered.pdfFrame);
    else if (this.rendered.printTarget)
      printNode(this.rendered.printTarget, this.file?.name ?? '', this.frame?.watermarkText());
  }

  /** Download the shown file (`GET /2.0/files/:id/content`) and save it through `<a download>`. */
  async download(): Promise<void> {
    const file = this.file;
    if (!file || !this.canDownload(file) || this.downloading) return;
    const fileId = String(file.id);
    this.downloading = true;
    this.frame?.setDownloadBusy(true);
    try {
      const url = downloadUrl(this.connection(), fileId, this.requestedVersionId(file));
      const response = await request(this.connection(), url, fileId);
      const objectUrl = URL.createObjectURL(await response.blob());
      const a = el('a', { href: objectUrl, download: file.name || `file-${fileId}`, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(objectUrl), 60_000);
      this.emit('download', { file_id: fileId, name: file.name });
    } catch (err) {
      if (isAbort(err)) return;
      const error = toPreviewError(err);
      this.frame?.showToast(`Download failed. ${error.displayMessage}`);
      this.emitError(
        new PreviewError('error_download', error.displayMessage, { ...error.details, cause: error.code }),
      );
    } finally {
      this.downloading = false;
      this.frame?.setDownloadBusy(false);
    }
  }

  /* ---------------- loading ---------------- */

  private async load(loadId: number): Promise<void> {
    const startedAt = now();
    const isCurrent = () => loadId === this.loadCount;
    const container = resolveElement(this.options.container);
    const controller = new AbortController();
    this.abort = controller;
    if (!container) {
      this.emitError(
        new PreviewError('error_container', 'The preview container could not be found on the page.'),
      );
      return;
    }
    const frame = new PreviewFrame(container, this.options.showLoading !== false);
    this.frame = frame;

    try {
      if (!this.fileId) throw new PreviewError('error_bad_file_id', 'No file was specified.');
      const file = await fileInfo(
        this.connection(),
        this.fileId,
        this.fileCache.get(this.fileId),
        controller.signal,
      );
      if (!isCurrent()) return;
      this.fileCache.set(this.fileId, file);
      this.file = file;
      frame.setFile(file.name || 'file', this.toolbarFor(file));
      // Box's watermark goes on before anything of the file is drawn: who is looking, and when.
      if (isWatermarked(file)) {
        const login = await viewerLogin(this.connection(), this.fileId, controller.signal);
        if (!isCurrent()) return;
        frame.setWatermark(watermarkLabel(login, new Date(), this.options.language));
      }

      const kind = detectKind(file);
      const viewerName: ViewerName = this.isViewerAllowed(kind.viewer) ? kind.viewer : 'Unsupported';
      const viewer = new SandboxViewer(viewerName, viewerName === 'Unsupported' ? 'unsupported' : kind.kind);
      this.viewer = viewer;
      this.emit('viewer', viewer);

      if (file.permissions?.can_preview === false)
        throw new PreviewError('error_permissions', "You don't have permission to preview this file.", {
          status: 403,
        });

      const ctx = this.viewerContext(file, frame);
      if (viewerName === 'Unsupported' || kind.kind === 'unsupported') {
        renderUnsupported(ctx);
      } else {
        const response = await fetchContent(
          this.connection(),
          file,
          this.requestedVersionId(file),
          this.canDownload(file, true),
          controller.signal,
        );
        if (!isCurrent()) return;
        const outcome = await renderContent(ctx, kind, response, isCurrent);
        if (!outcome || !isCurrent()) return;
        if (outcome.viewer) viewer.NAME = outcome.viewer;
        this.rendered = outcome.rendered;
        // The browser's PDF viewer would print a watermarked PDF without its watermark.
        viewer.printable = !!(
          outcome.rendered.printTarget ||
          (outcome.rendered.pdfFrame && !isWatermarked(file))
        );
      }

      viewer.loaded = true;
      frame.loaded();
      this.emitLoad(file, viewer, Math.round(now() - startedAt));
    } catch (err) {
      if (!isCurrent() || isAbort(err)) return;
      const error = toPreviewError(err);
      this.viewer?.destroy();
      this.viewer = undefined;
      frame.loaded();
      const body = frame.resetBody('');
      body.append(errorPanel(error, RETRYABLE_CODES.has(error.code) ? () => this.reload() : null));
      this.emitError(error);
    }
  }

  private emitLoad(file: BoxFile, viewer: SandboxViewer, total: number): void {
    this.emit('load', { viewer, file, metrics: { time: { conversion: 0, rendering: total, total } } });
    this.emit('preview_metric', {
      event_name: 'load',
      value: total,
      file_id: String(file.id),
      file_version_id: this.versionIdOf(file),
      extension: extensionOf(file),
      content_type: viewer.NAME,
      rep_type: 'original',
      locale: this.options.language || '',
      client_version: VERSION,
      convert_time: 0,
      download_response_time: 0,
      file_info_time: 0,
      full_document_load_time: total,
      timestamp: new Date().toISOString(),
    });
  }

  private emitError(error: PreviewError): void {
    this.emit('preview_error', {
      error: error.toJSON(),
      file_id: this.fileId || '',
      file_version_id: this.file ? this.versionIdOf(this.file) : '',
      event_name: 'preview_error',
      client_version: VERSION,
      timestamp: new Date().toISOString(),
    });
  }

  /* ---------------- helpers ---------------- */

  private viewerContext(file: BoxFile, frame: PreviewFrame): ViewerContext {
    const startAt = this.fileOptions().startAt;
    const page = startAt?.unit === 'pages' ? Math.floor(Number(startAt.value)) : 0;
    return {
      file,
      frame,
      locale: this.options.language,
      canDownload: this.canDownload(file),
      downloadButton: (primary) =>
        this.canDownload(file) ? downloadButton(primary, () => void this.download()) : null,
      objectUrl: (blob) => {
        const url = URL.createObjectURL(blob);
        this.objectUrls.push(url);
        return url;
      },
      startPage: page > 0 ? page : undefined,
      watermarked: isWatermarked(file),
    };
  }

  private toolbarFor(file: BoxFile): HTMLElement | null {
    if (!shouldShowToolbar(this.options)) return null;
    const download = this.canDownload(file) ? downloadButton(false, () => void this.download()) : null;
    return toolbar(file.name || 'file', formatBytes(file.size, this.options.language), download);
  }

  private teardown(): void {
    this.abort?.abort();
    this.abort = null;
    this.viewer?.destroy();
    this.viewer = undefined;
    this.frame?.destroy();
    this.frame = null;
    this.rendered = {};
    for (const url of this.objectUrls) URL.revokeObjectURL(url);
    this.objectUrls = [];
  }

  private connection(): Connection {
    const { apiHost, sharedLink, sharedLinkPassword } = this.options;
    return {
      apiHost: String(apiHost || DEFAULT_API_HOST).replace(/\/+$/, ''),
      token: this.token,
      sharedLink,
      sharedLinkPassword,
    };
  }

  private fileOptions(): FileOptions {
    const own = this.fileId ? this.options.fileOptions?.[this.fileId] : undefined;
    return own && typeof own === 'object' ? own : {};
  }

  /** A non-current version picked in Content Preview's version history, if any. */
  private requestedVersionId(file: BoxFile): string {
    const requested = this.fileOptions().fileVersionId;
    const current = file.file_version?.id;
    return requested && String(requested) !== String(current ?? '') ? String(requested) : '';
  }

  private versionIdOf(file: BoxFile): string {
    const id = this.requestedVersionId(file) || file.file_version?.id;
    return id ? String(id) : '';
  }

  /** `ignoreHost`: the permission alone (fetching bytes to preview), not the host's showDownload. */
  private canDownload(file: BoxFile, ignoreHost = false): boolean {
    const permitted = file.permissions?.can_download === true;
    const available = file.is_download_available !== false;
    return permitted && available && (ignoreHost || this.options.showDownload !== false);
  }

  private isViewerAllowed(name: ViewerName): boolean {
    return !this.disabledViewers.has(name) && !this.options.viewers?.[name]?.disabled;
  }
}
