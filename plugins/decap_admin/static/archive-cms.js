/*
 * The archive's additions to Decap CMS (loaded after decap-cms.js and archive-format.js):
 * our file format, the read-only widget for Source and Captured, the figure block, the
 * preview in the site's theme, then CMS.init() (manual-init.js asked Decap to wait).
 */
(function () {
  'use strict';
  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;
  var Format = window.ArchiveFormat;

  CMS.registerCustomFormat('archive-md', 'md', {
    fromFile: Format.fromFile,
    toFile: Format.toFile,
  });

  // --- Source and Captured: shown, not editable, once the crawler wrote them -------------------
  var ReadonlyControl = createClass({
    getInitialState: function () {
      var value = this.props.value;
      return { locked: value != null && String(value).trim() !== '' };
    },
    render: function () {
      var props = this.props;
      var value = props.value == null ? '' : String(props.value);
      if (this.state.locked) {
        return h('output', { id: props.forID, className: props.classNameWrapper }, value);
      }
      return h('input', {
        type: 'text',
        id: props.forID,
        className: props.classNameWrapper,
        value: value,
        onChange: function (event) {
          props.onChange(event.target.value);
        },
        onFocus: props.setActiveStyle,
        onBlur: props.setInactiveStyle,
      });
    },
  });
  var ReadonlyPreview = function (props) {
    return h('span', null, props.value == null ? '' : String(props.value));
  };
  CMS.registerWidget('archive-readonly', ReadonlyControl, ReadonlyPreview);

  // --- The figure block (scraper/htmlmd.py figure_block) ---------------------------------------
  function escapeHtml(text) {
    return String(text == null ? '' : text)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#x27;');
  }
  function unescapeHtml(text) {
    var area = document.createElement('textarea');
    area.innerHTML = text || '';
    return area.value;
  }
  function figureBlock(data) {
    var src = (data.src || '').trim();
    var caption = (data.caption || '').replace(/\s+/g, ' ').trim();
    var alt = (data.alt || '').replace(/\s+/g, ' ').trim();
    var img = '<img src="' + escapeHtml(src) + '" alt="' + escapeHtml(alt) + '"' + (data.rest || '') + '>';
    var lines = ['<figure>', img];
    if (caption) {
      lines.push('<figcaption>' + escapeHtml(caption) + '</figcaption>');
    }
    lines.push('</figure>');
    return lines.join('\n');
  }
  function assetUrl(src, getAsset) {
    if (!src) {
      return '';
    }
    var asset = getAsset ? getAsset(src) : null;
    var url = asset ? String(asset) : src;
    return url.replace(/^\{static\}\//, new URL('../', window.location.href).href);
  }
  CMS.registerEditorComponent({
    id: 'archive-figure',
    label: 'Ảnh có chú thích',
    fields: [
      {
        name: 'src',
        label: 'Ảnh',
        widget: 'image',
        choose_url: false,
        hint: 'Ảnh được lưu vào content/images/<cổng thông tin>/.',
      },
      { name: 'alt', label: 'Mô tả ảnh (cho người không xem được ảnh)', widget: 'string', required: false },
      { name: 'caption', label: 'Chú thích', widget: 'string', required: false },
      // Other attributes of a hand-written <img> (width, height), kept as written.
      { name: 'rest', widget: 'hidden', required: false },
    ],
    pattern: /^<figure>\n<img src="([^"\n]*)" alt="([^"\n]*)"([^>\n]*)>(?:\n<figcaption>([^\n]*)<\/figcaption>)?\n<\/figure>$/,
    fromBlock: function (match) {
      return {
        src: unescapeHtml(match[1]),
        alt: unescapeHtml(match[2]),
        rest: match[3] || '',
        caption: unescapeHtml(match[4] || ''),
      };
    },
    toBlock: figureBlock,
    toPreview: function (data, getAsset) {
      return h(
        'figure',
        null,
        h('img', { src: assetUrl(data.src, getAsset), alt: data.alt || '' }),
        data.caption ? h('figcaption', null, data.caption) : null,
      );
    },
  });

  // --- Preview in the theme --------------------------------------------------------------------
  CMS.registerPreviewStyle(new URL('../theme/css/main.css', window.location.href).href);

  var WEEKDAYS = ['Chủ Nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
  function vnDate(value) {
    // plugins/vietnamese format_vn_date: 'Thứ Năm, 28/05/2025', in Vietnam's time.
    var iso = Format.vnDate(value instanceof Date ? value.toISOString() : value || '');
    var found = /^(\d{4})-(\d{2})-(\d{2})T/.exec(iso);
    if (!found) {
      return String(value || '');
    }
    var day = new Date(Date.UTC(Number(found[1]), Number(found[2]) - 1, Number(found[3])));
    return WEEKDAYS[day.getUTCDay()] + ', ' + found[3] + '/' + found[2] + '/' + found[1];
  }

  // plugins/other_news/dedupe.py title_key and dedupe_listing, for the preview.
  var QUOTES = /["'`\u00ab\u00bb\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2032\u2033\u2039\u203a]/g;
  var DASHES = /[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]/g;
  var TONE_STYLE = {};
  ['oa', 'oe', 'uy'].forEach(function (pair) {
    ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323'].forEach(function (tone) {
      TONE_STYLE[(pair[0] + tone + pair[1]).normalize('NFC')] = (pair + tone).normalize('NFC');
    });
  });
  var OLD_STYLE = new RegExp(Object.keys(TONE_STYLE).join('|'), 'g');
  function titleKey(title) {
    var text = unescapeHtml(title).normalize('NFC').toLowerCase().replace(/\u2026/g, '...');
    text = text.replace(/[\u200b\u200c\u200d\u2060\ufeff\u00ad]/g, '');
    text = text.replace(QUOTES, ' ').replace(DASHES, ' - ').split(/\s+/).filter(Boolean).join(' ');
    return text.replace(OLD_STYLE, function (found) {
      return TONE_STYLE[found];
    });
  }
  function dedupe(items, selfTitle) {
    var skip = selfTitle ? titleKey(selfTitle) : null;
    var order = [];
    var merged = {};
    items.forEach(function (item) {
      var key = titleKey(item.title || '');
      if (!key || key === skip) {
        return;
      }
      if (!merged[key]) {
        merged[key] = { title: item.title, date: item.date || '', url: item.url || '' };
        order.push(key);
      } else {
        merged[key].date = merged[key].date || item.date || '';
        merged[key].url = merged[key].url || item.url || '';
      }
    });
    return order.map(function (key) {
      return merged[key];
    });
  }

  function plain(value) {
    return value && value.toJS ? value.toJS() : value;
  }

  var ArticlePreview = createClass({
    render: function () {
      var data = this.props.entry.get('data');
      var title = data.get('title') || '';
      var date = data.get('date');
      var summary = data.get('summary');
      var authors = plain(data.get('authors')) || [];
      var news = dedupe(plain(data.get('other_news')) || [], title);
      var byline = [h('time', { key: 'd', dateTime: String(date || '') }, vnDate(date))];
      if (authors.length) {
        byline.push(h('span', { key: 's', className: 'sep', 'aria-hidden': 'true' }, ' · '));
        byline.push(h('span', { key: 'a', className: 'authors' }, authors.join(', ')));
      }
      return h(
        'main',
        { className: 'container' },
        h(
          'article',
          { className: 'article' },
          h(
            'header',
            { className: 'article-header' },
            data.get('status') === 'draft' ? h('p', { className: 'draft-note' }, 'Bản nháp: chưa công bố.') : null,
            h('h1', null, title),
            h('p', { className: 'byline' }, byline),
            summary ? h('div', { className: 'lead' }, summary) : null,
          ),
          h('div', { className: 'article-body' }, this.props.widgetFor('body')),
        ),
        news.length
          ? h(
              'section',
              { className: 'other-news', 'aria-labelledby': 'cac-tin-khac' },
              h('h2', { id: 'cac-tin-khac' }, 'Các tin khác'),
              h(
                'ul',
                { className: 'other-news__list' },
                news.map(function (item, index) {
                  return h(
                    'li',
                    { key: index, className: 'other-news__item' },
                    item.url
                      ? h('a', { className: 'other-news__link', href: item.url }, item.title)
                      : h('span', { className: 'other-news__text' }, item.title),
                    item.date ? h('time', { className: 'other-news__date' }, ' (' + item.date + ')') : null,
                  );
                }),
              ),
            )
          : null,
      );
    },
  });
  var PagePreview = createClass({
    render: function () {
      var data = this.props.entry.get('data');
      return h(
        'main',
        { className: 'container' },
        h(
          'article',
          { className: 'page' },
          h('h1', null, data.get('title') || ''),
          h('div', { className: 'article-body' }, this.props.widgetFor('body')),
        ),
      );
    },
  });
  // Where a new article goes: content/<portal>/<year>/ (Vietnam's year of its Date), or
  // content/samples/<year>/ without a portal. The collection's `path` reads these two keys
  // (Decap's path templates know no filters); the file format never writes `_` keys.
  CMS.registerEventListener({
    name: 'preSave',
    handler: function (event) {
      var data = event.entry.get('data');
      var iso = Format.vnDate(data.get('date') || '');
      var year = /^\d{4}/.test(iso) ? iso.slice(0, 4) : String(new Date().getFullYear());
      return data.set('_archive_folder', data.get('portal') || 'samples').set('_archive_year', year);
    },
  });

  CMS.registerPreviewTemplate('articles', ArticlePreview);
  CMS.registerPreviewTemplate('pages', PagePreview);

  CMS.init();
})();
