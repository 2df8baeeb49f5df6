/*
 * Shared by every element page: the page's configuration, and token functions for the UI Elements.
 *
 * The elements call their `token` function before every request they make. Ours keeps the token
 * it got from /api/token/:element and asks again only when it is about to expire, so a page left
 * open for hours keeps working, and a busy page does not flood the server.
 */
(function () {
  'use strict';

  var config = JSON.parse(document.getElementById('page-config').textContent);

  function sleep(ms) {
    return new Promise(function (resolve) {
      setTimeout(resolve, ms);
    });
  }

  /** Show a readable problem above the element (instead of a blank or broken page). */
  function showError(message) {
    var box = document.getElementById('page-error');
    if (!box) return;
    box.textContent = message;
    box.hidden = false;
  }

  function clearError() {
    var box = document.getElementById('page-error');
    if (box) box.hidden = true;
  }

  async function fetchToken(url) {
    for (var attempt = 0; ; attempt++) {
      var response;
      try {
        response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      } catch (err) {
        response = null; // the app itself is unreachable
      }
      if (response && response.ok) {
        var body = await response.json();
        clearError();
        return body;
      }
      var status = response ? response.status : 0;
      var retryable = status === 0 || status === 429 || status >= 500;
      if (!retryable || attempt >= 4) {
        var problem = response
          ? await response.json().then(
              function (body) {
                return body.error;
              },
              function () {
                return null;
              },
            )
          : null;
        var message =
          status === 503 || status === 502 || status === 0
            ? 'Box cannot be reached right now. This page will work again as soon as it answers: reload it in a moment.'
            : 'Could not get access to Box' + (problem && problem.message ? ': ' + problem.message : '.');
        showError(message);
        throw new Error(message);
      }
      var retryAfter = response ? Number(response.headers.get('Retry-After')) : NaN;
      await sleep(retryAfter > 0 ? retryAfter * 1000 : Math.min(8000, 500 * Math.pow(2, attempt)));
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
    return function token() {
      if (cached && Date.now() < cached.refreshAt) return Promise.resolve(cached.value);
      if (!pending) {
        pending = fetchToken(url)
          .then(function (body) {
            // Renew a little before it expires: 10 % of its life left, and at least 2 seconds.
            var margin = Math.max(2, body.expiresIn * 0.1);
            cached = {
              value: body.accessToken,
              refreshAt: Date.now() + Math.max(0, body.expiresIn - margin) * 1000,
            };
            return cached.value;
          })
          .finally(function () {
            pending = null;
          });
      }
      return pending;
    };
  }

  /** Options every element takes: where Box is, and where Content Preview finds its library. */
  function hostOptions() {
    var preview = config.preview;
    return {
      apiHost: config.apiHost,
      uploadHost: config.uploadHost,
      staticHost: preview.staticHost || window.location.origin,
      staticPath: preview.staticPath,
      previewLibraryVersion: preview.version || undefined,
    };
  }

  function formatSize(bytes) {
    if (typeof bytes !== 'number') return '';
    var units = ['B', 'KB', 'MB', 'GB'];
    var i = 0;
    while (bytes >= 1024 && i < units.length - 1) {
      bytes /= 1024;
      i++;
    }
    return (i === 0 ? bytes : bytes.toFixed(1)) + ' ' + units[i];
  }

  /** Render a list of Box items (name, size, link to preview) into a list element. */
  function renderItems(listId, emptyId, items) {
    var list = document.getElementById(listId);
    var empty = document.getElementById(emptyId);
    list.textContent = '';
    items.forEach(function (item) {
      var li = document.createElement('li');
      var name = document.createElement(item.type === 'file' ? 'a' : 'span');
      name.textContent = item.name;
      if (item.type === 'file') name.href = '/preview?fileId=' + encodeURIComponent(item.id);
      li.appendChild(name);
      var meta = document.createElement('span');
      meta.className = 'muted';
      meta.textContent =
        ' ' + item.type + ' ' + item.id + (item.size != null ? ' · ' + formatSize(item.size) : '');
      li.appendChild(meta);
      list.appendChild(li);
    });
    if (empty) empty.hidden = items.length > 0;
  }

  window.BoxSample = {
    config: config,
    tokenFor: tokenFor,
    hostOptions: hostOptions,
    showError: showError,
    renderItems: renderItems,
  };
})();
