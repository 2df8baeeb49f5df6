/*
 * Shared by every element page: the page's configuration, token functions for the UI Elements, and
 * readable errors.
 *
 * The elements call their `token` function before every request they make. Ours keeps the token
 * it got from /api/token/:element and asks again only when it is about to expire, so a page left
 * open for hours keeps working, and a busy page does not flood the server.
 */
(function () {
  'use strict';

  var config = JSON.parse(document.getElementById('page-config').textContent);
  /** The page's words for what this script says, in the page's language (from the app's catalogs). */
  var text = config.text;

  /** `{{name}}` filled in, as the catalogs write it. */
  function say(key, values) {
    return text[key].replace(/\{\{(\w+)\}\}/g, function (_, name) {
      return values && values[name] != null ? values[name] : '';
    });
  }

  function sleep(ms) {
    return new Promise(function (resolve) {
      setTimeout(resolve, ms);
    });
  }

  /** Show a readable problem above the element (instead of a blank or broken page). */
  function showError(message) {
    var box = document.getElementById('page-error');
    if (!box) return;
    if (box.textContent !== message) box.textContent = message;
    box.hidden = false;
  }

  /**
   * The session ended (idle too long, signed out in another tab): the element cannot get tokens
   * any more. Say so, with the way back, instead of leaving a broken element on the page.
   */
  function showSignInPrompt() {
    var prompt = document.getElementById('sign-in-prompt');
    if (!prompt || !prompt.hidden) return;
    var link = prompt.querySelector('a');
    if (link) link.href = '/auth/login?returnTo=' + encodeURIComponent(location.pathname + location.search);
    prompt.hidden = false;
    var element = document.getElementById('element');
    if (element) element.hidden = true;
    var error = document.getElementById('page-error');
    if (error) error.hidden = true;
    if (link) link.focus();
  }

  function clearError() {
    var box = document.getElementById('page-error');
    if (box && !box.hidden) box.hidden = true;
  }

  async function problemOf(response) {
    try {
      var body = await response.json();
      return body && body.error ? body.error : null;
    } catch (err) {
      return null;
    }
  }

  /** The request early-token.js started for `url`, once: later requests ask anew. */
  function takeEarly(url) {
    var early = window.BoxSampleEarlyToken;
    if (!early || early.url !== url) return null;
    window.BoxSampleEarlyToken = null;
    return early;
  }

  /** The token's answer, and when it came (its expiresIn counts from then). */
  async function fetchToken(url, mayTakeEarly) {
    for (var attempt = 0; ; attempt++) {
      var response;
      var receivedAt;
      try {
        var early = attempt === 0 && mayTakeEarly ? takeEarly(url) : null;
        if (early) {
          response = await early.response;
          receivedAt = early.receivedAt;
        } else {
          response = await fetch(url, {
            headers: { Accept: 'application/json' },
            credentials: 'same-origin',
          });
          receivedAt = Date.now();
        }
      } catch (err) {
        response = null; // the app itself is unreachable
      }
      if (response && response.ok) {
        var body = await response.json();
        clearError();
        return { body: body, receivedAt: receivedAt };
      }
      var status = response ? response.status : 0;
      if (status === 401) {
        showSignInPrompt();
        throw new Error(say('signedOut'));
      }
      var retryable = status === 0 || status === 429 || status >= 500;
      if (!retryable || attempt >= 4) {
        var problem = response ? await problemOf(response) : null;
        var message = retryable
          ? say('unreachable')
          : problem && problem.message
            ? say('noAccessBecause', { reason: problem.message })
            : say('noAccess');
        showError(message);
        throw new Error(message);
      }
      // Say so at once, and keep trying: the notice goes away by itself when Box answers.
      showError(say(status === 0 ? 'appRetrying' : status === 429 ? 'tooManyRetrying' : 'boxRetrying'));
      var retryAfter = response ? Number(response.headers.get('Retry-After')) : NaN;
      await sleep(
        retryAfter > 0 ? Math.min(retryAfter, 10) * 1000 : Math.min(8000, 500 * Math.pow(2, attempt)),
      );
    }
  }

  /**
   * A token function for one element (and, for Preview, one file). It resolves to the token
   * string; the elements may pass a typed id, or an array of them, which is not needed here:
   * the server decides what the token may reach.
   */
  function tokenFor(element, params) {
    var url = '/api/token/' + element + (params ? '?' + new URLSearchParams(params).toString() : '');
    var cached = null;
    var pending = null;
    /**
     * Renew a little before it expires: 10 % of its life left, and at least 2 seconds, counted
     * from when the answer came.
     */
    function remember(answer) {
      var margin = Math.max(2, answer.body.expiresIn * 0.1);
      cached = {
        value: answer.body.accessToken,
        refreshAt: answer.receivedAt + Math.max(0, answer.body.expiresIn - margin) * 1000,
      };
      return cached;
    }
    return function token() {
      if (cached && Date.now() < cached.refreshAt) return Promise.resolve(cached.value);
      if (!pending) {
        pending = fetchToken(url, true)
          .then(function (answer) {
            var first = remember(answer);
            if (Date.now() < first.refreshAt) return first.value;
            // The early answer waited past its renewal time for the element (a slow load): ask again.
            return fetchToken(url, false).then(function (again) {
              return remember(again).value;
            });
          })
          .finally(function () {
            pending = null;
          });
      }
      return pending;
    };
  }

  /**
   * The elements' `responseInterceptor`: it sees every answer from Box, and every failure (then
   * with the error body, or the network error when there was no answer). Box down or unreachable
   * gets the page's notice on top of the element's own error view; the next good answer clears it.
   * Other refusals (a name already in use, say) are the element's to explain.
   */
  function watchBox(response) {
    var isAnswer = response && response.config && typeof response.status === 'number';
    if (isAnswer) {
      clearError();
      return response;
    }
    var status = response && (typeof response.status === 'number' ? response.status : null);
    if (status === null && response && response.response) status = response.response.status;
    if (!status || status >= 500) showError(say('unreachable'));
    else if (status === 429) showError(say('slowDown'));
    return response;
  }

  /**
   * Options every element takes: its language and that language's messages (Box's own translations,
   * loaded by the page before this script), where Box is, and where Content Preview finds its library.
   */
  function hostOptions() {
    var preview = config.preview;
    return {
      language: config.language,
      messages: window.BoxSampleMessages || undefined,
      apiHost: config.apiHost,
      uploadHost: config.uploadHost,
      staticHost: preview.staticHost,
      staticPath: preview.staticPath,
      previewLibraryVersion: preview.version || undefined,
      responseInterceptor: watchBox,
    };
  }

  /** The element's constructor from its bundle, or a readable error when the bundle did not load. */
  function element(name) {
    var Element = window.Box && window.Box[name];
    if (typeof Element !== 'function') {
      showError(say('notLoaded', { title: config.title }));
      return null;
    }
    return new Element();
  }

  /** A size in the page's locale, through Intl: "2.5 kB", "2,5 kB", "2.5 kB"… */
  function formatSize(bytes) {
    if (typeof bytes !== 'number') return '';
    var units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'];
    var i = 0;
    while (bytes >= 1024 && i < units.length - 1) {
      bytes /= 1024;
      i++;
    }
    return new Intl.NumberFormat(config.locale, {
      style: 'unit',
      unit: units[i],
      unitDisplay: i === 0 ? 'long' : 'short',
      maximumFractionDigits: i === 0 ? 0 : 1,
    }).format(bytes);
  }

  /** Render a list of Box items (name, size, link to preview) into a list element. */
  function renderItems(listId, emptyId, items) {
    var list = document.getElementById(listId);
    var empty = document.getElementById(emptyId);
    list.textContent = '';
    items.forEach(function (item) {
      var li = document.createElement('li');
      // A bookmark opens its address (only a web one: Box takes nothing else) in a new tab.
      var isLink = item.type === 'web_link' && /^https?:\/\//i.test(item.url || '');
      var name = document.createElement(item.type === 'file' || isLink ? 'a' : 'span');
      name.textContent = item.name;
      if (item.type === 'file') name.href = '/preview?fileId=' + encodeURIComponent(item.id);
      if (isLink) {
        name.href = item.url;
        name.target = '_blank';
        name.rel = 'noopener noreferrer';
      }
      li.appendChild(name);
      var meta = document.createElement('span');
      meta.className = 'muted';
      meta.textContent =
        ' ' +
        say(item.type === 'file' ? 'file' : item.type === 'web_link' ? 'bookmark' : 'folder') +
        ' ' +
        item.id +
        (item.size != null ? ' · ' + formatSize(item.size) : '');
      li.appendChild(meta);
      list.appendChild(li);
    });
    if (empty) empty.hidden = items.length > 0;
  }

  /**
   * Content Sidebar's panels, the same beside Content Preview and on their own: details (with the
   * version history), the activity feed (comments with replies, tasks, versions), metadata and Box
   * Skills.
   * What is switched off needs Box features a plain enterprise may not have (access stats,
   * retention). The details show the file's classification when it has one: the element does not
   * fetch it, its host hands it over (see classificationOf).
   */
  function sidebarOptions(classification) {
    return {
      hasActivityFeed: true,
      hasMetadata: true,
      hasSkills: true,
      // The version history panel. Without it, the details panel's "2 Saved Versions" (from
      // detailsSidebarProps.hasVersions) is plain text that opens nothing.
      hasVersions: true,
      detailsSidebarProps: {
        hasProperties: true,
        hasNotices: true,
        hasVersions: true,
        hasAccessStats: false,
        hasClassification: true,
        classification: classification || undefined,
        hasRetentionPolicy: false,
      },
      // Replies to comments (threads) go through Box's undocumented comments API, which the
      // element then uses for every comment.
      activitySidebarProps: { hasReplies: true, hasTasks: true, hasVersions: true },
      metadataSidebarProps: { isFeedbackEnabled: false },
    };
  }

  /**
   * The file's classification, Box's `classification` field ({ name, definition, color }), read
   * with the element's own token (its scopes let it read the file's details). Null when the file
   * has none or Box does not answer: the sidebar then shows no classification, and still shows.
   */
  function classificationOf(fileId, token) {
    return Promise.resolve(token())
      .then(function (accessToken) {
        return fetch(config.apiHost + '/2.0/files/' + encodeURIComponent(fileId) + '?fields=classification', {
          headers: { Authorization: 'Bearer ' + accessToken, Accept: 'application/json' },
        });
      })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (file) {
        return file && file.classification && file.classification.name ? file.classification : null;
      })
      .catch(function () {
        return null;
      });
  }

  /**
   * The folder's other files, as a chooser (a select on Preview, a list on the Sidebar page):
   * a convenience, so a failure to list them leaves the page as it is.
   */
  function offerFiles(pagePath) {
    var form = document.querySelector('.file-select');
    var select = document.getElementById('file-select');
    if (!form || !select) return;
    fetch('/api/demo-folder/items?limit=1000', { headers: { Accept: 'application/json' } })
      .then(function (response) {
        return response.ok ? response.json() : { entries: [] };
      })
      .then(function (page) {
        var files = page.entries.filter(function (item) {
          return item.type === 'file';
        });
        if (files.length < 2) return;
        files.forEach(function (file) {
          var option = document.createElement('option');
          option.value = file.id;
          option.textContent = file.name;
          option.selected = file.id === config.fileId;
          select.appendChild(option);
        });
        // A list (the Sidebar page's) is as tall as the folder's files, up to its size: no empty rows.
        if (select.size > 1) select.size = Math.min(select.size, files.length);
        form.action = pagePath;
        form.hidden = false;
      })
      .catch(function () {
        /* the chooser is a convenience: without it the page still shows its file */
      });
  }

  /**
   * Box's loading bar (`.be-progress`, at the top of the Explorer, the Picker and the metadata
   * view) is a progressbar with no name, which screen readers announce as nothing more than
   * "progress bar" (axe: aria-progressbar-name, serious). It gets Box's own word for it, in the
   * element's language (`be.loading`; without messages the element speaks English, and so does
   * the fallback). React leaves alone an attribute it does not set.
   */
  function nameProgressBars() {
    var container = document.getElementById('element');
    if (!container || typeof MutationObserver !== 'function') return;
    var messages = window.BoxSampleMessages || {};
    var name = messages['be.loading'] || 'Loading';
    function apply() {
      container
        .querySelectorAll('[role="progressbar"]:not([aria-label]):not([aria-labelledby])')
        .forEach(function (bar) {
          bar.setAttribute('aria-label', name);
        });
    }
    new MutationObserver(apply).observe(container, { childList: true, subtree: true });
    apply();
  }
  nameProgressBars();

  window.BoxSample = {
    sidebarOptions: sidebarOptions,
    classificationOf: classificationOf,
    offerFiles: offerFiles,
    config: config,
    tokenFor: tokenFor,
    hostOptions: hostOptions,
    element: element,
    showError: showError,
    renderItems: renderItems,
    say: say,
  };
})();
