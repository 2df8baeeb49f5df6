import type { DevPerson } from './people';

/**
 * The dev provider's few pages: sign-in (one button per person), sign-out, and errors. Plain HTML
 * with its own small stylesheet: nothing is loaded from anywhere else.
 */

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

function page(title: string, body: string, script = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escape(title)} · Development identity provider</title>
  <style>${STYLE}</style>
</head>
<body>
<main>
  <span class="badge">Development identity provider · not for production</span>
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
  uid: string,
  clientName: string,
  people: readonly DevPerson[],
  demoCount: number,
): string {
  const demo = people.slice(0, demoCount);
  const more = people.slice(demoCount);
  const action = `/interaction/${encodeURIComponent(uid)}`;
  return page(
    'Sign in',
    `<h1>Sign in to ${escape(clientName)}</h1>
  <p>This stands in for your site's own identity provider (Auth0, Okta, Entra ID, Keycloak…) so the sample
  runs with no account anywhere. Choose who you are:</p>
  <form method="post" action="${action}/login">
    <ul class="people">${demo.map(personButton).join('')}</ul>
    ${
      more.length > 0
        ? `<details><summary>${more.length} more test people</summary>
      <ul class="people more">${more.map(personButton).join('')}</ul></details>`
        : ''
    }
  </form>
  <form method="post" action="${action}/cancel">
    <button class="secondary" type="submit">Cancel</button>
  </form>
  <p><small>Each person gets their own Box app user and folder in the app.</small></p>`,
  );
}

/** RP-initiated logout: sign out here too, at once (the form posts itself; a button if scripts are off). */
export function signOutPage(form: string): string {
  return page(
    'Signing out',
    `<h1>Signing you out…</h1>
  ${form}
  <noscript><button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button></noscript>`,
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

export function signedOutPage(): string {
  return page(
    'Signed out',
    '<h1>Signed out</h1><p>You are signed out of the development identity provider.</p>',
  );
}

export function errorPage(error: string, description: string | undefined): string {
  return page(
    'Something went wrong',
    `<h1>Something went wrong</h1>
  <p><strong>${escape(error)}</strong>${description ? `: ${escape(description)}` : ''}</p>
  <p><a href="/">Back</a></p>`,
  );
}
