import type { BoxFile } from '../types';
import type { PreviewFrame } from '../ui/frame';

/** What a viewer gets: the file, the frame to draw in, and the few services it may need. */
export interface ViewerContext {
  file: BoxFile;
  frame: PreviewFrame;
  locale?: string;
  /** May the file be downloaded here? */
  canDownload: boolean;
  /** A Download button, or null when the file may not be downloaded here. */
  downloadButton(primary: boolean): HTMLButtonElement | null;
  /** A blob: URL that lives as long as this preview (revoked on teardown). */
  objectUrl(blob: Blob): string;
  /** The page to open a PDF at (Content Preview's `startAt` in pages). */
  startPage?: number;
  /** Box's watermark is drawn over the content: show nothing that would show it without. */
  watermarked?: boolean;
}

/** What a viewer leaves behind: what `print()` prints. */
export interface Rendered {
  printTarget?: Node;
  pdfFrame?: HTMLIFrameElement;
}

/** A scrollable body's accessible name. */
export const contentLabel = (file: BoxFile) => `${file.name || 'File'} content`;
