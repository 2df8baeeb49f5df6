/*
 * The element's first token, asked for as soon as the page's head is read: the element can only
 * ask once its bundle (megabytes of script) has downloaded and run, and by then the answer is
 * here. box-sample.js's token function takes this answer (failures included: it retries and
 * explains them as for any other) the first time it asks for the same URL.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var url = script && script.getAttribute('data-token-url');
  if (!url) return;
  // When the answer came: its expiresIn counts from then, and the element may ask seconds later.
  var early = { url: url, response: null, receivedAt: 0 };
  early.response = fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' }).then(
    function (response) {
      early.receivedAt = Date.now();
      return response;
    },
  );
  // Nobody may take it (the page fails before its element starts): no unhandled rejection then.
  early.response.catch(function () {});
  window.BoxSampleEarlyToken = early;
})();
