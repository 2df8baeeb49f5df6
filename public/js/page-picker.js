/* Content Picker (files) on the demo folder; the page shows what the user chose. */
(function () {
  'use strict';
  var sample = window.BoxSample;
  var config = sample.config;
  var picker = sample.element('FilePicker');
  if (!picker) return;
  picker.on('choose', function (items) {
    sample.renderItems('chosen-list', 'chosen-empty', items || []);
  });
  picker.on('cancel', function () {
    sample.renderItems('chosen-list', 'chosen-empty', []);
  });
  picker.show(
    config.folderId,
    sample.tokenFor('picker'),
    Object.assign(sample.hostOptions(), {
      container: '#element',
      canUpload: true,
      canCreateNewFolder: true,
      // No shared links unless the server allows them (the picker would otherwise create one).
      canSetShareAccess: config.allowSharedLinks,
    }),
  );
})();
