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
  var response = fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  // Nobody may take it (the page fails before its element starts): no unhandled rejection then.
  response.catch(function () {});
  window.BoxSampleEarlyToken = { url: url, response: response };
})();
