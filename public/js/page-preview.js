/* Content Preview of one file of the demo folder, with a token for that file only. */
(function () {
  'use strict';
  var sample = window.BoxSample;
  var config = sample.config;

  if (config.fileId) {
    var preview = sample.element('ContentPreview', 'Content Preview');
    if (preview) {
      preview.show(
        config.fileId,
        sample.tokenFor('preview', { fileId: config.fileId }),
        Object.assign(sample.hostOptions(), { container: '#element', hasHeader: true, canDownload: true }),
      );
    }
  }

  // Offer the demo folder's other files.
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
      form.hidden = false;
    })
    .catch(function () {
      /* the selector is a convenience: without it the page still shows its file */
    });
})();
