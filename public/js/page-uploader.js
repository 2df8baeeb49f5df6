/* Content Uploader into the demo folder; what was uploaded is listed below it. */
(function () {
  'use strict';
  var sample = window.BoxSample;
  var config = sample.config;
  var token = sample.tokenFor('uploader');
  var uploader = sample.element('ContentUploader');
  if (!uploader) return;
  var uploaded = [];
  uploader.on('complete', function (files) {
    uploaded = uploaded.concat(files || []);
    sample.renderItems('uploaded-list', 'uploaded-empty', uploaded);
  });
  uploader.show(config.folderId, token, Object.assign(sample.hostOptions(), { container: '#element' }));
  // The Uploader asks for a token only when an upload starts: ask now, so that a page that
  // cannot reach Box says so before anyone picks files (the token is then ready for the upload).
  token().catch(function () {
    /* the token function has shown the problem */
  });
})();
