/*
 * Content Sidebar on its own, for one file of the person's folder (a token for that file only),
 * beside a list of the folder's files to choose from.
 */
(function () {
  'use strict';
  var sample = window.BoxSample;
  var config = sample.config;

  if (config.fileId) {
    var sidebar = sample.element('ContentSidebar');
    if (sidebar) {
      var token = sample.tokenFor('sidebar', { fileId: config.fileId });
      sample.classificationOf(config.fileId, token).then(function (classification) {
        sidebar.show(
          config.fileId,
          token,
          Object.assign(sample.hostOptions(), sample.sidebarOptions(classification), {
            container: '#element',
          }),
        );
      });
    }
  }
  sample.offerFiles('/sidebar');
})();
