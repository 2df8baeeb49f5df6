import Papa from 'papaparse';
import { formatNumber } from '../ui/format';

/**
 * CSV and TSV, parsed by papaparse (RFC 4180: quoted fields may hold delimiters, newlines and
 * doubled quotes) and bounded on every axis: the caller hands in at most a byte cap of text, the
 * parser stops after the rows that will be shown, and each row keeps at most so many columns and
 * each cell so many characters. A 22 KB file of commas makes 50 cells a row, not 11,000.
 */

export interface TableLimits {
  rows: number;
  columns: number;
  cellChars: number;
}

export interface ParsedTable {
  /** The first row, as column headings (empty headings named "Column N"), `columns` long. */
  header: string[];
  /** Data rows, each at most `columns` long (short rows are not padded). */
  rows: string[][];
  /** Columns shown. */
  columns: number;
  /** The widest row seen, in columns, before any were cut. */
  widestRow: number;
  /** Rows past `rows` exist (or the text was cut at its byte cap). */
  moreRows: boolean;
  /** Some cell was longer than `cellChars` and was cut. */
  clippedCells: boolean;
}

const ELLIPSIS = '\u2026';

/**
 * Parse `text` as a table. `textTruncated` says the text is only the start of the file, so its
 * last row may be cut in half and is dropped. Returns null for a file with no rows at all.
 */
export function parseTable(
  text: string,
  delimiter: ',' | '\t',
  limits: TableLimits,
  textTruncated = false,
): ParsedTable | null {
  const kept: string[][] = [];
  let widestRow = 0;
  let clippedCells = false;
  let stoppedEarly = false;
  // The header, the rows shown, and one more to know there are more.
  const wanted = limits.rows + 2;

  Papa.parse<string[]>(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, {
    delimiter,
    quoteChar: '"',
    skipEmptyLines: true,
    step(result, parser) {
      const row = result.data;
      widestRow = Math.max(widestRow, row.length);
      const cells = row.slice(0, limits.columns).map((cell) => {
        if (cell.length <= limits.cellChars) return cell;
        clippedCells = true;
        return cell.slice(0, limits.cellChars) + ELLIPSIS;
      });
      kept.push(cells);
      if (kept.length >= wanted) {
        stoppedEarly = true;
        parser.abort();
      }
    },
  });

  // The text stops at a byte cap mid-file: its last row is probably incomplete.
  if (textTruncated && !stoppedEarly && kept.length > 1) kept.pop();
  if (!kept.length) return null;

  const columns = Math.min(widestRow, limits.columns);
  const first = kept[0]!;
  const header = Array.from({ length: columns }, (_, c) => first[c] || `Column ${c + 1}`);
  const data = kept.slice(1, limits.rows + 1);
  return {
    header,
    rows: data,
    columns,
    widestRow,
    moreRows: stoppedEarly || textTruncated,
    clippedCells,
  };
}

/** The line above the table: its size, or exactly what is left out. */
export function tableSummary(table: ParsedTable, locale?: string): { text: string; partial: boolean } {
  const n = (value: number) => formatNumber(value, locale);
  const rows = table.rows.length;
  const columnsCut = table.widestRow > table.columns;
  if (!table.moreRows && !columnsCut && !table.clippedCells) {
    const rowWord = rows === 1 ? 'row' : 'rows';
    const columnWord = table.columns === 1 ? 'column' : 'columns';
    return { text: `${n(rows)} ${rowWord} \u00b7 ${n(table.columns)} ${columnWord}`, partial: false };
  }
  const shown: string[] = [];
  shown.push(table.moreRows ? `the first ${n(rows)} rows` : `${n(rows)} ${rows === 1 ? 'row' : 'rows'}`);
  if (columnsCut) shown.push(`the first ${n(table.columns)} of ${n(table.widestRow)} columns`);
  const clipped = table.clippedCells ? ' Long cells are cut short.' : '';
  return {
    text: `Showing ${shown.join(' and ')}.${clipped} Download the file to see everything.`,
    partial: true,
  };
}

/** Cells that look like numbers are right-aligned. Anchored, no nested repetition: linear. */
const NUMERIC = /^[-+]?[$\u20ac\u00a3\u00a5]?\d[\d,. ]*%?$/;

export function looksNumeric(cell: string): boolean {
  return NUMERIC.test(cell.trim());
}
