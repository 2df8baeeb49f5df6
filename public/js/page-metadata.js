/*
 * Content Explorer's metadata view (v2) over the person's folder: the files that carry the demo
 * template ("Document info"), with its fields as columns: sort (text and date columns), filter,
 * select a row and edit its metadata in the side panel.
 */
(function () {
  'use strict';
  var sample = window.BoxSample;
  var config = sample.config;
  var template = config.metadata;
  var explorer = sample.element('ContentExplorer', 'Metadata view');
  if (!explorer || !template) return;

  var prefix = 'metadata.' + template.scope + '.' + template.templateKey + '.';
  // Box sorts metadata queries by text, number and date fields, not by option fields.
  var sortable = { string: true, float: true, date: true };
  var columns = template.fields.map(function (field) {
    return {
      id: prefix + field.key,
      textValue: field.displayName,
      type: field.type,
      allowsSorting: !!sortable[field.type],
    };
  });

  explorer.show(
    config.folderId,
    sample.tokenFor('metadata'),
    Object.assign(sample.hostOptions(), {
      container: '#element',
      defaultView: 'metadata',
      features: { contentExplorer: { metadataViewV2: true } },
      metadataQuery: {
        from: template.scope + '.' + template.templateKey,
        // The token's folder: the view also reads it for its title.
        ancestor_folder_id: config.folderId,
        fields: columns.map(function (column) {
          return column.id;
        }),
      },
      metadataViewProps: { columns: columns, isSelectionEnabled: true },
    }),
  );
})();
