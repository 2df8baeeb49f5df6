/* Content Uploader into the demo folder; what was uploaded is listed below it. */
(function () {
  'use strict';
  var sample = window.BoxSample;
  var config = sample.config;
  var uploaded = [];
  var uploader = new window.Box.ContentUploader();
  uploader.on('complete', function (files) {
    uploaded = uploaded.concat(files || []);
    sample.renderItems('uploaded-list', 'uploaded-empty', uploaded);
  });
  uploader.show(
    config.folderId,
    sample.tokenFor('uploader'),
    Object.assign(sample.hostOptions(), { container: '#element' }),
  );
})();
