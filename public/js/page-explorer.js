/* Content Explorer on the demo folder, with the explorer's downscoped token, and a form that adds a
   bookmark (a Box web link) to the folder it shows. */
(function () {
  'use strict';
  var sample = window.BoxSample;
  var config = sample.config;
  var explorer = sample.element('ContentExplorer');
  if (!explorer) return;
  var options = Object.assign(sample.hostOptions(), {
    container: '#element',
    rootFolderId: config.folderId,
    canPreview: true,
    canDownload: true,
    canUpload: true,
    canCreateNewFolder: true,
    canRename: true,
    canDelete: true,
    // Sharing needs the item_share scope, which the server grants only with ALLOW_SHARED_LINKS.
    canShare: config.allowSharedLinks,
    canSetShareAccess: config.allowSharedLinks,
  });
  var currentFolderId = config.folderId;
  explorer.addListener('navigate', function (folder) {
    if (folder && folder.id) currentFolderId = folder.id;
  });
  explorer.show(config.folderId, sample.tokenFor('explorer'), options);
  offerBookmarks();

  /**
   * The bookmark form: the app makes the web link as the person (POST /api/web-links; Box decides
   * whether they may add to the folder), then the Explorer shows the folder again, fetched anew.
   */
  function offerBookmarks() {
    var section = document.querySelector('.new-bookmark');
    var form = document.getElementById('new-bookmark-form');
    var status = document.getElementById('new-bookmark-status');
    if (!section || !form || !status) return;
    section.hidden = false;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var url = form.elements.url.value.trim();
      var name = form.elements.name.value.trim();
      var button = form.querySelector('button');
      button.disabled = true;
      status.textContent = '';
      fetch('/api/web-links', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(
          Object.assign({ folderId: currentFolderId, url: url }, name ? { name: name } : {}),
        ),
      })
        .then(function (response) {
          return response
            .json()
            .catch(function () {
              return null;
            })
            .then(function (body) {
              if (!response.ok) {
                var reason =
                  body && body.error && body.error.message ? body.error.message : String(response.status);
                throw new Error(reason);
              }
              return body;
            });
        })
        .then(function (link) {
          status.textContent = sample.say('bookmarkAdded', { name: link.name });
          form.reset();
          explorer.clearCache();
          explorer.navigateTo(currentFolderId);
        })
        .catch(function (err) {
          status.textContent = sample.say('bookmarkFailed', { reason: err.message });
          form.elements.url.focus();
        })
        .finally(function () {
          button.disabled = false;
        });
    });
  }
})();
