/**
 * CSV and TSV in the sandbox's preview library (src/sandbox/preview/content/table.ts): papaparse,
 * bounded to the rows and columns shown, whatever the file holds.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { looksNumeric, parseTable, tableSummary, type ParsedTable } from '../../src/preview/content/table';
import { LIMITS } from '../../src/preview/limits';

const limits = { rows: LIMITS.tableRows, columns: LIMITS.tableColumns, cellChars: LIMITS.tableCellChars };
const csv = (text: string, truncated = false) => parseTable(text, ',', limits, truncated)!;
const cells = (t: ParsedTable) => t.header.length + t.rows.reduce((n, row) => n + row.length, 0);

describe('CSV and TSV: the table shown', () => {
  test('a sales CSV: its header, eight rows, quoted commas kept in their cell', () => {
    const text = readFileSync(path.join(__dirname, '../fixtures/quarterly-sales.csv'), 'utf8');
    const t = csv(text);
    expect(t.header).toEqual(['Region', 'Quarter', 'Units', 'Revenue (USD)']);
    expect(t.rows).toHaveLength(8);
    expect(t.rows.filter((row) => row[0] === 'East, coastal')).toHaveLength(2);
    expect(tableSummary(t, 'en-US')).toEqual({ text: '8 rows \u00b7 4 columns', partial: false });
  });

  test('quotes, doubled quotes and newlines inside fields; a BOM; blank lines skipped; TSV', () => {
    const t = csv('\ufeffname,"note"\r\n"a, b","say ""hi""\nthere"\r\n\r\n,\r\n');
    expect(t.header).toEqual(['name', 'note']);
    expect(t.rows).toEqual([
      ['a, b', 'say "hi"\nthere'],
      ['', ''],
    ]);
    const tsv = parseTable('a\tb\n1,2\t3\n', '\t', limits)!;
    expect(tsv.rows).toEqual([['1,2', '3']]);
  });

  test('empty headings are named by position; an empty file is no table', () => {
    expect(csv(',b,\n1,2,3').header).toEqual(['Column 1', 'b', 'Column 3']);
    expect(parseTable('', ',', limits)).toBeNull();
    expect(parseTable('\n\n\n', ',', limits)).toBeNull();
    expect(parseTable('\r\n\r\n', ',', limits)).toBeNull();
  });

  test('numbers are told from text without backtracking', () => {
    expect(
      ['1', '-2.5', '$1,234.00', '12 %'.replace(' ', ''), '\u20ac 3'.replace(' ', '')].map(looksNumeric),
    ).toEqual([true, true, true, true, true]);
    expect(['x1', '1x', '', '1,2,3 apples'].map(looksNumeric)).toEqual([false, false, false, false]);
    expect(looksNumeric('1 '.repeat(100_000) + 'x')).toBe(false);
  });
});

describe('CSV: bounded on every axis', () => {
  test('a 22 KB file with one 11,001-column row makes at most 50 cells a row, not ten million', () => {
    const text = 'h,'.repeat(11_000) + 'h\n' + 'b\n'.repeat(1000);
    expect(text.length).toBeLessThan(25_000);
    const t = csv(text);
    expect(t.columns).toBe(LIMITS.tableColumns);
    expect(t.widestRow).toBe(11_001);
    expect(t.header).toHaveLength(50);
    expect(t.rows).toHaveLength(1000);
    expect(cells(t)).toBeLessThanOrEqual(50 * 1001);
    expect(tableSummary(t, 'en-US')).toEqual({
      text: 'Showing 1,000 rows and the first 50 of 11,001 columns. Download the file to see everything.',
      partial: true,
    });
  });

  test('100,000 columns in one line: one row of 50', () => {
    const t = csv(','.repeat(100_000));
    expect(t.widestRow).toBe(100_001);
    expect(t.header).toHaveLength(50);
    expect(t.rows).toEqual([]);
  });

  test('a million rows: the parser stops after the 1,000 shown and says there are more', () => {
    const t = csv('a,b\n' + '1,2\n'.repeat(1_000_000));
    expect(t.rows).toHaveLength(LIMITS.tableRows);
    expect(t.moreRows).toBe(true);
    expect(tableSummary(t, 'en-US').text).toBe(
      'Showing the first 1,000 rows. Download the file to see everything.',
    );
  });

  test('a megabyte in one cell (an unclosed quote) is cut to the cell limit', () => {
    const t = csv('a\n"' + 'x,\n'.repeat(350_000));
    expect(t.rows).toHaveLength(1);
    expect(t.rows[0]![0]!.length).toBe(LIMITS.tableCellChars + 1);
    expect(t.rows[0]![0]!.endsWith('\u2026')).toBe(true);
    expect(t.clippedCells).toBe(true);
    expect(tableSummary(t).text).toContain('Long cells are cut short.');
  });

  test('text cut at the byte cap: its last, half-read row is dropped', () => {
    const t = csv('a,b\n1,2\n3,4\n5,', true);
    expect(t.rows).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(t.moreRows).toBe(true);
  });
});
