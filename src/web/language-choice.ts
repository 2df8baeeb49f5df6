import type { Request, Response } from 'express';
import { z } from 'zod';
import { safeReturnTo } from '../auth/return-to';
import { LANGUAGE_COOKIE, LANGUAGE_COOKIE_MAX_AGE_MS } from '../i18n/localize';
import { MENU_LOCALES } from '../i18n/locales';
import { parse } from './validation';

const choice = z.object({
  language: z.enum(Object.values(MENU_LOCALES) as [string, ...string[]], {
    error: `must be one of ${Object.values(MENU_LOCALES).join(', ')}`,
  }),
  returnTo: z.string().max(2000).optional(),
});

/**
 * `POST /language` (the header's language menu; refused cross-site): remember the choice in the
 * browser for a year, for visitors and people signed in alike, and go back to the page it was
 * made on, now in that language.
 */
export function chooseLanguage(secure: boolean) {
  return (req: Request, res: Response): void => {
    const { language, returnTo } = parse(choice, req.body ?? {}, 'body');
    res.cookie(LANGUAGE_COOKIE, language, {
      maxAge: LANGUAGE_COOKIE_MAX_AGE_MS,
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
    });
    res.redirect(303, safeReturnTo(returnTo));
  };
}
