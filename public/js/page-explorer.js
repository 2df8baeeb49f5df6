/* Content Explorer on the demo folder, with the explorer's downscoped token. */
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
  explorer.show(config.folderId, sample.tokenFor('explorer'), options);
})();
