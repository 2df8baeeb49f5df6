/*
 * Content Preview of one file of the person's folder, with its sidebar beside it (details,
 * activity, versions, metadata), on a token for that file only.
 */
(function () {
  'use strict';
  var sample = window.BoxSample;
  var config = sample.config;

  if (config.fileId) {
    var preview = sample.element('ContentPreview');
    if (preview) {
      var token = sample.tokenFor('preview', { fileId: config.fileId });
      sample.classificationOf(config.fileId, token).then(function (classification) {
        preview.show(
          config.fileId,
          token,
          Object.assign(sample.hostOptions(), {
            container: '#element',
            hasHeader: true,
            canDownload: true,
            showAnnotations: false,
            contentSidebarProps: sample.sidebarOptions(classification),
          }),
        );
      });
    }
  }
  sample.offerFiles('/preview');
})();
