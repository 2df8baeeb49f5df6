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
      sidebar.show(
        config.fileId,
        sample.tokenFor('sidebar', { fileId: config.fileId }),
        Object.assign(sample.hostOptions(), sample.sidebarOptions(), { container: '#element' }),
      );
    }
  }
  sample.offerFiles('/sidebar');
})();
