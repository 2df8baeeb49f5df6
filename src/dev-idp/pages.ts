import type { Translate } from '../i18n/catalogs';
import type { DevPerson } from './people';

/**
 * The dev provider's few pages: sign-in (one button per person), sign-out, and errors. Plain HTML
 * with its own small stylesheet: nothing is loaded from anywhere else (not even a favicon: the
 * browser would ask for /favicon.ico, a 404 in its console). Their words come from the app's
 * catalogs (`devIdp.*`), in the language the app asked for (`ui_locales`) or the browser's.
 */

/** A page's language: its translations and its `<html lang>`. */
export interface PageLanguage {
  t: Translate;
  lang: string;
}

const escape = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const STYLE = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  body { margin: 0; background: #f4f5f7; color: #1f2430; }
  main { max-width: 28rem; margin: 3rem auto; padding: 2rem; background: #fff; border-radius: 12px;
         box-shadow: 0 2px 12px rgba(0,0,0,.08); }
  .badge { display: inline-block; padding: .2rem .6rem; border-radius: 999px; background: #fff3cd;
           color: #7a5a00; font-size: .8rem; font-weight: 600; letter-spacing: .02em; }
  h1 { font-size: 1.4rem; margin: .8rem 0 .4rem; }
  p { line-height: 1.5; }
  .people { display: grid; gap: .6rem; margin: 1.2rem 0; padding: 0; list-style: none; }
  button { width: 100%; padding: .8rem 1rem; border: 1px solid #c9ced8; border-radius: 8px; background: #fff;
           font: inherit; text-align: left; cursor: pointer; }
  button:hover, button:focus-visible { border-color: #0061d5; outline: 2px solid #0061d5; outline-offset: 1px; }
  button .email { display: block; color: #5b6272; font-size: .85rem; }
  button.secondary { text-align: center; color: #5b6272; }
  .more { max-height: 16rem; overflow: auto; }
  small { color: #5b6272; }
`;

function page({ t, lang }: PageLanguage, title: string, body: string, script = ''): string {
  return `<!doctype html>
<html lang="${escape(lang)}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escape(title)} · ${escape(t('devIdp.name'))}</title>
  <link rel="icon" href="data:,">
  <style>${STYLE}</style>
</head>
<body>
<main>
  <span class="badge">${escape(t('devIdp.badge'))}</span>
  ${body}
</main>
${script}
</body>
</html>`;
}

function personButton(person: DevPerson): string {
  return `<li><button type="submit" name="person" value="${escape(person.id)}">
    <strong>${escape(person.name)}</strong><span class="email">${escape(person.email)}</span></button></li>`;
}

/** Sign-in: one click on a person signs in as them. */
export function signInPage(
  language: PageLanguage,
  uid: string,
  clientName: string,
  people: readonly DevPerson[],
  demoCount: number,
): string {
  const { t } = language;
  const demo = people.slice(0, demoCount);
  const more = people.slice(demoCount);
  const action = `/interaction/${encodeURIComponent(uid)}`;
  return page(
    language,
    t('devIdp.signInTitle'),
    `<h1>${escape(t('devIdp.signInHeading', { client: clientName }))}</h1>
  <p>${escape(t('devIdp.signInIntro'))}</p>
  <form method="post" action="${action}/login">
    <ul class="people">${demo.map(personButton).join('')}</ul>
    ${
      more.length > 0
        ? `<details><summary>${escape(t('devIdp.morePeople', { count: more.length }))}</summary>
      <ul class="people more">${more.map(personButton).join('')}</ul></details>`
        : ''
    }
  </form>
  <form method="post" action="${action}/cancel">
    <button class="secondary" type="submit">${escape(t('devIdp.cancel'))}</button>
  </form>
  <p><small>${escape(t('devIdp.perPerson'))}</small></p>`,
  );
}

/** RP-initiated logout: sign out here too, at once (the form posts itself; a button if scripts are off). */
export function signOutPage(language: PageLanguage, form: string): string {
  const { t } = language;
  return page(
    language,
    t('devIdp.signingOutTitle'),
    `<h1>${escape(t('devIdp.signingOut'))}</h1>
  ${form}
  <noscript><button type="submit" form="op.logoutForm" name="logout" value="yes">${escape(t('devIdp.signOut'))}</button></noscript>`,
    `<script>
  (function () {
    var form = document.getElementById('op.logoutForm');
    var input = document.createElement('input');
    input.type = 'hidden'; input.name = 'logout'; input.value = 'yes';
    form.appendChild(input);
    form.submit();
  })();
</script>`,
  );
}

export function signedOutPage(language: PageLanguage): string {
  const { t } = language;
  return page(
    language,
    t('devIdp.signedOutTitle'),
    `<h1>${escape(t('devIdp.signedOutTitle'))}</h1><p>${escape(t('devIdp.signedOut'))}</p>`,
  );
}

/** An error as the provider names it (`invalid_request`…): technical, so left in English. */
export function errorPage(language: PageLanguage, error: string, description: string | undefined): string {
  const { t } = language;
  return page(
    language,
    t('devIdp.errorTitle'),
    `<h1>${escape(t('devIdp.errorTitle'))}</h1>
  <p><strong>${escape(error)}</strong>${description ? `: ${escape(description)}` : ''}</p>
  <p><a href="/">${escape(t('devIdp.back'))}</a></p>`,
  );
}
