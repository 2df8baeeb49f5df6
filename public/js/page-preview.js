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
      preview.show(
        config.fileId,
        sample.tokenFor('preview', { fileId: config.fileId }),
        Object.assign(sample.hostOptions(), {
          container: '#element',
          hasHeader: true,
          canDownload: true,
          showAnnotations: false,
          contentSidebarProps: sample.sidebarOptions(),
        }),
      );
    }
  }
  sample.offerFiles('/preview');
})();
