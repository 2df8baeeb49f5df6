import { LIMITS } from '../limits';
import { looksNumeric, parseTable, tableSummary } from '../content/table';
import { el } from '../ui/dom';
import { note } from '../ui/message';
import type { Rendered, ViewerContext } from './context';

/**
 * CSV or TSV as a table: the first row as headings, at most LIMITS.tableRows rows and
 * LIMITS.tableColumns columns, with a note saying what is left out. Null when the file has no rows.
 */
export function renderTable(
  ctx: ViewerContext,
  text: string,
  delimiter: ',' | '\t',
  truncated: boolean,
): Rendered | null {
  const table = parseTable(
    text,
    delimiter,
    { rows: LIMITS.tableRows, columns: LIMITS.tableColumns, cellChars: LIMITS.tableCellChars },
    truncated,
  );
  if (!table) return null;
  const name = ctx.file.name || 'Table';
  const summary = tableSummary(table, ctx.locale);
  const element = el('table', { class: 'bsp-table' }, [el('caption', { class: 'bsp-sr-only', text: name })]);
  const headRow = el(
    'tr',
    null,
    table.header.map((label) => el('th', { scope: 'col', text: label })),
  );
  element.append(el('thead', null, [headRow]));
  const tbody = el('tbody');
  for (const row of table.rows) {
    const tr = el('tr');
    for (let c = 0; c < table.columns; c += 1) {
      const value = row[c] ?? '';
      tr.append(el('td', { class: looksNumeric(value) ? 'bsp-num' : null, text: value }));
    }
    tbody.append(tr);
  }
  element.append(tbody);
  const scroller = el(
    'div',
    { class: 'bsp-table-scroll', tabindex: '0', role: 'group', 'aria-label': `${name} content` },
    [element],
  );
  const body = ctx.frame.resetBody('bsp-body--table');
  body.append(note(summary.text, summary.partial), scroller);
  return { printTarget: element };
}
