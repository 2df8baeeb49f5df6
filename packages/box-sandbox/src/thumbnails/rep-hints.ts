/**
 * The `X-Rep-Hints` header: which representations a client wants. Its syntax, as Box documents it:
 * a list of groups in brackets, `[jpg?dimensions=32x32][png?dimensions=1024x1024]`; each group is
 * a comma-separated list of alternatives, a type and optional `&`-separated properties
 * (`[jpg?dimensions=2048x2048,png?dimensions=2048x2048]`). For each group Box returns the first
 * alternative the file has, or nothing; with no header, every representation.
 */

/** A representation as the hints see it: its type and its properties (`dimensions`, `paged`...). */
export interface Hintable {
  representation: string;
  properties: Record<string, string>;
}

interface Alternative {
  type: string;
  properties: Map<string, string>;
}

/** The header's groups, each a list of alternatives. Text outside brackets is ignored. */
export function parseRepHints(header: string): Alternative[][] {
  const groups: Alternative[][] = [];
  for (const match of header.matchAll(/\[([^\]]*)\]/g)) {
    const alternatives = match[1]!
      .split(',')
      .map((text) => parseAlternative(text.trim()))
      .filter((alternative): alternative is Alternative => alternative !== undefined);
    if (alternatives.length > 0) groups.push(alternatives);
  }
  return groups;
}

function parseAlternative(text: string): Alternative | undefined {
  const [type, query = ''] = text.split('?', 2);
  if (!type) return undefined;
  const properties = new Map<string, string>();
  for (const pair of query.split('&')) {
    const [key, value] = pair.split('=', 2);
    if (key && value !== undefined) properties.set(key.trim(), value.trim());
  }
  return { type: type.toLowerCase(), properties };
}

/** Does the representation have this type and every property the alternative names? */
function matches(rep: Hintable, alternative: Alternative): boolean {
  if (rep.representation !== alternative.type) return false;
  for (const [key, value] of alternative.properties) {
    if (rep.properties[key] !== value) return false;
  }
  return true;
}

/**
 * The representations to list, in the order the groups ask for them. `available` is what the
 * file has; `unhinted` is what a request without the header gets.
 */
export function chooseByHints<T extends Hintable>(
  available: readonly T[],
  header: string | undefined,
  unhinted: readonly T[],
): T[] {
  if (header === undefined || header.trim() === '') return [...unhinted];
  const chosen: T[] = [];
  for (const group of parseRepHints(header)) {
    for (const alternative of group) {
      const found = available.filter((rep) => matches(rep, alternative));
      if (found.length === 0) continue;
      for (const rep of found) if (!chosen.includes(rep)) chosen.push(rep);
      break;
    }
  }
  return chosen;
}
