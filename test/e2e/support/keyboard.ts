import type { Page } from 'playwright-core';
import { focused, type Focused } from './page-facts';

/** A focus stop, in a few words, for failure messages: "header a Explorer". */
export const describeStop = (stop: Focused | null): string =>
  stop
    ? `${stop.where} ${stop.role ?? stop.tag} ${stop.name.split('\n')[0]!.slice(0, 60)}`
    : 'nothing (the focus left the page)';

/**
 * The focus where a person can see it: on a control of the page, with a ring (an outline or a
 * box-shadow of at least 2 px), wholly on screen.
 */
export function expectVisibleFocus(stop: Focused | null): asserts stop is Focused {
  expect({ stop: describeStop(stop), visible: Boolean(stop?.visibleFocus && stop.inViewport) }).toEqual({
    stop: describeStop(stop),
    visible: true,
  });
}

/**
 * Tab (or Shift+Tab, `backwards`) until the focus is on what `wanted` accepts, checking at every
 * stop on the way that the focus is visible; fails after `max` stops. Returns the stop reached.
 */
export async function tabTo(
  page: Page,
  what: string,
  wanted: (stop: Focused) => boolean,
  { backwards = false, max = 40 }: { backwards?: boolean; max?: number } = {},
): Promise<Focused> {
  const passed: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    const stop = await focused(page);
    expectVisibleFocus(stop);
    if (wanted(stop)) return stop;
    passed.push(describeStop(stop));
  }
  throw new Error(`${what}: not reached in ${max} stops; passed ${passed.join(' → ')}`);
}

/** Wait until the focus is on what `wanted` accepts (keys the page handles itself move it a moment later). */
export async function focusComesTo(
  page: Page,
  what: string,
  wanted: (stop: Focused) => boolean,
): Promise<Focused> {
  let last: Focused | null = null;
  try {
    for (;;) {
      // The element first, then a look at it: a change in between ends the wait at once.
      const before = await page.evaluateHandle(() => document.activeElement);
      last = await focused(page);
      if (last && wanted(last)) return last;
      await page.waitForFunction((element) => document.activeElement !== element, before);
      await before.dispose();
    }
  } catch (error) {
    throw new Error(`${what}: the focus stays on ${describeStop(last)}`, { cause: error });
  }
}
