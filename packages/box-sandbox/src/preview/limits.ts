/**
 * How much work one file may cost the browser. Every viewer reads at most its byte cap from the
 * network (the rest of the response is cancelled, not downloaded), and renders at most so many
 * rows, columns or nodes: a hostile or merely huge file gets a note saying what is left out,
 * never a frozen tab.
 */
export const LIMITS = {
  /** Plain text and code shown in the page. */
  textBytes: 1024 * 1024,
  /** Markdown source handed to markdown-it (roughly linear, about 1 ms per KiB at worst). */
  markdownBytes: 256 * 1024,
  /** DOM nodes (elements and text) a Markdown file may turn into. */
  markdownNodes: 30_000,
  /** CSV/TSV source handed to the parser. */
  tableBytes: 2 * 1024 * 1024,
  /** Data rows shown, under the header row. */
  tableRows: 1000,
  /** Columns shown: with 1,000 rows, at most 50,000 cells. */
  tableColumns: 50,
  /** Characters shown in one cell; the rest is cut with an ellipsis. */
  tableCellChars: 2000,
  /** Bytes looked at to tell text from binary (a NUL byte means binary). */
  sniffBytes: 8000,
  /** One-line JSON smaller than this is pretty-printed. */
  prettyJsonBytes: 256 * 1024,
} as const;

export type Limits = typeof LIMITS;
