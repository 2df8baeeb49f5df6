import { Emitter } from './emitter';

/** Viewer names, as `getCurrentViewer().NAME` reports them (Box's are similar: Image, Document, ...). */
export type ViewerName = 'Image' | 'Document' | 'Markdown' | 'CSV' | 'Text' | 'Unsupported';

/**
 * What `getCurrentViewer()` returns and the `load` event carries. Content Preview asks it
 * `isLoaded()`, `isDestroyed()`, `allowNavigationArrows()`, `onKeydown()`, `getThumbnail()` and may
 * `emit()` on it; the rendering itself lives in `viewers/`.
 */
export class SandboxViewer extends Emitter {
  loaded = false;
  destroyed = false;
  printable = false;
  controlsDisabled = false;

  constructor(
    public NAME: ViewerName,
    readonly kind: string,
  ) {
    super();
  }

  get name(): ViewerName {
    return this.NAME;
  }

  isLoaded(): boolean {
    return this.loaded && !this.destroyed;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  allowNavigationArrows(): boolean {
    return true;
  }

  onKeydown(): boolean {
    return false;
  }

  resize(): void {
    this.emit('resize');
  }

  getThumbnail(): Promise<null> {
    return Promise.resolve(null);
  }

  disableViewerControls(): void {
    this.controlsDisabled = true;
  }

  enableViewerControls(): void {
    this.controlsDisabled = false;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('destroy');
    this.removeAllListeners();
  }
}
