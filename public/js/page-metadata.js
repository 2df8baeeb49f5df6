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
  var explorer = sample.element('ContentExplorer');
  if (!explorer || !template) return;

  var prefix = 'metadata.' + template.scope + '.' + template.templateKey + '.';
  // Box sorts metadata queries by text, number and date fields, not by option fields.
  var sortable = { string: true, float: true, date: true };

  // Box keeps a date field as a date-time at midnight UTC ("2027-03-01T00:00:00.000Z"), and the
  // view shows values as they come: the column would read "2027-03-01T00:00:0…". Show the day.
  var dayFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
  function valueOf(item, field) {
    var instances = item.metadata && item.metadata[template.scope];
    var instance = instances && instances[template.templateKey];
    return instance ? instance[field.key] : undefined;
  }
  var renderers = {
    date: function (field) {
      return function (item) {
        var value = valueOf(item, field);
        var time = value ? Date.parse(value) : NaN;
        return isNaN(time) ? '' : dayFormat.format(time);
      };
    },
    // The view joins a multiSelect's options with spaces ("Engineering Product"): one tag or two?
    multiSelect: function (field) {
      return function (item) {
        var value = valueOf(item, field);
        return Array.isArray(value) ? value.join(', ') : '';
      };
    },
  };

  var columns = template.fields.map(function (field) {
    var column = {
      id: prefix + field.key,
      textValue: field.displayName,
      type: field.type,
      allowsSorting: !!sortable[field.type],
    };
    if (renderers[field.type]) column.cellRenderer = renderers[field.type](field);
    return column;
  });

  // The view titles itself with an <h1> (the folder's name), whatever the page around it: here it
  // sits under the page's own h1, so assistive technology gets it as a second-level heading.
  var container = document.getElementById('element');
  new MutationObserver(function () {
    container.querySelectorAll('h1:not([aria-level])').forEach(function (title) {
      title.setAttribute('role', 'heading');
      title.setAttribute('aria-level', '2');
    });
  }).observe(container, { childList: true, subtree: true });

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
