/*
 * The archive's article file format for Decap CMS: Pelican's Markdown metadata header
 * (`Key: value` lines, continuation lines indented by 4 spaces, a blank line, the body).
 *
 * fromFile(text) -> entry data; toFile(data) -> text. A value the editor did not change is
 * written back exactly as it was read (its original lines), so opening and saving a file
 * unchanged gives the same bytes, and an edit changes only the edited key's lines. Changed or
 * new values are written the way scraper/markdown.py's render_header writes them.
 *
 * Plain ES5-compatible script with no dependencies: loaded in the browser after decap-cms.js
 * (window.ArchiveFormat) and required by node for the round-trip test
 * (tests/plugins/decap_admin/roundtrip.js).
 */
(function (root, factory) {
  'use strict';
  var api = factory();
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else {
    root.ArchiveFormat = api;
  }
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  // The header rules of tools/content_header.py (Python-Markdown's `meta` extension).
  var BEGIN = /^-{3}(\s.*)?$/;
  var END = /^(-{3}|\.{3})(\s.*)?$/;
  var META = /^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)$/;
  var MORE = /^[ ]{4,}(.*)$/;
  var STASH = '_archive_source';
  var KIND = '_archive_kind';

  // Canonical order and spelling of the keys (scraper/markdown.py render_header, README).
  var ORDER = [
    'Title', 'Date', 'Modified', 'Category', 'Tags', 'Authors', 'Slug', 'Summary', 'Lang',
    'Source', 'Captured', 'Capture_file', 'Capture_record', 'Capture_digest', 'Portal',
    'Status', 'Other_news', 'Scraped_hash',
  ];
  var KINDS = {
    tags: 'list',
    authors: 'list',
    other_news: 'news',
    title: 'text',
    category: 'text',
    summary: 'text',
    portal: 'text',
  };
  // Keys whose value is written as typed (dates, URLs, identifiers): no entity escaping.
  var DATE_KEYS = { date: true, modified: true, captured: true };
  var BULLETS = ['- ', '* ', '+ ', '\u2022 ', '\u2013 '];
  var LOOK_ALIKES = { ',': '\u201a', ';': '\uff1b', '<': '\u2039', '>': '\u203a', '&': '\uff06' };

  function collapse(text) {
    // archive_core.text.collapse_whitespace, as far as an editor's input needs it.
    return String(text == null ? '' : text)
      .normalize('NFC')
      .replace(/[\u200b\u200c\u200d\u2060\ufeff\u00ad]/g, '')
      .split(/\s+/)
      .filter(Boolean)
      .join(' ');
  }

  function escapeHeader(text) {
    return collapse(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }

  function unescapeHeader(text) {
    return String(text)
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#0*39;/g, "'")
      .replace(/&amp;/g, '&');
  }

  function splitLines(text) {
    // Lines without their endings; `\r\n` files keep `\r\n` (remembered in `eol`).
    var eol = text.indexOf('\r\n') >= 0 ? '\r\n' : '\n';
    return { eol: eol, lines: text.split(eol) };
  }

  /** The header of `text`: its keys with their raw lines, and where the body starts. */
  function parseHeader(text) {
    var bom = text.charAt(0) === '\ufeff' ? '\ufeff' : '';
    var split = splitLines(bom ? text.slice(1) : text);
    var lines = split.lines;
    var fields = [];
    var index = 0;
    var opening = null;
    var closing = null;
    if (lines.length && BEGIN.test(lines[0])) {
      opening = lines[0];
      index = 1;
    }
    var current = null;
    while (index < lines.length) {
      var line = lines[index];
      if (!line.trim() || END.test(line)) {
        closing = line;
        index += 1;
        break;
      }
      var meta = META.exec(line);
      if (meta) {
        current = { key: meta[1].trim(), raw: [line], values: [meta[2].trim()] };
        fields.push(current);
        index += 1;
        continue;
      }
      var more = MORE.exec(line);
      if (more && current) {
        current.raw.push(line);
        current.values.push(more[1].trim());
        index += 1;
        continue;
      }
      break;
    }
    return {
      bom: bom,
      eol: split.eol,
      opening: opening,
      closing: closing,
      fields: fields,
      body: lines.slice(index).join(split.eol),
    };
  }

  function splitList(value) {
    // Pelican splits Tags/Authors on ';' when there is one, else on ','.
    var separator = value.indexOf(';') >= 0 ? ';' : ',';
    return value
      .split(separator)
      .map(function (item) {
        return item.trim();
      })
      .filter(Boolean);
  }

  function listValue(items) {
    // archive_core.header.list_value
    return (items || [])
      .map(function (item) {
        return collapse(item).replace(/[,;<>&]/g, function (c) {
          return LOOK_ALIKES[c];
        });
      })
      .filter(Boolean)
      .join(', ');
  }

  /** One `Other_news` line -> {title, date: 'dd/mm/yyyy' or '', url} (archive_core.listing). */
  function parseNewsLine(line) {
    var text = collapse(line);
    for (var b = 0; b < BULLETS.length; b += 1) {
      if (text.indexOf(BULLETS[b]) === 0) {
        text = text.slice(BULLETS[b].length).trim();
        break;
      }
    }
    var whole = text;
    var url = '';
    if (/>$/.test(text) && text.lastIndexOf('<') >= 0) {
      var start = text.lastIndexOf('<');
      var candidate = text.slice(start + 1, -1).trim();
      if (candidate && candidate.indexOf(' ') < 0 && /^(https?:\/\/|\/)/i.test(candidate)) {
        url = unescapeHeader(candidate);
        text = text.slice(0, start).trim();
      } else {
        return { title: unescapeHeader(whole), date: '', url: '' };
      }
    }
    var date = '';
    var found = /\((\d{1,2})\/(\d{1,2})\/(\d{4})\)$/.exec(text);
    if (found) {
      var day = Number(found[1]);
      var month = Number(found[2]);
      var probe = new Date(Date.UTC(Number(found[3]), month - 1, day));
      if (probe.getUTCDate() !== day || probe.getUTCMonth() !== month - 1) {
        return { title: unescapeHeader(whole), date: '', url: '' };
      }
      date = pad(day) + '/' + pad(month) + '/' + found[3];
      text = text.slice(0, found.index).trim();
    }
    if (!text) {
      return { title: unescapeHeader(whole), date: '', url: '' };
    }
    return { title: unescapeHeader(text), date: date, url: url };
  }

  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }

  function newsLine(item) {
    // archive_core.listing.format_listing_line
    var parts = [escapeHeader(item.title || '')];
    var date = String(item.date || '').trim();
    var found = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(date);
    if (found) {
      parts.push('(' + pad(Number(found[1])) + '/' + pad(Number(found[2])) + '/' + found[3] + ')');
    } else if (date) {
      parts.push('(' + date + ')'); // refused by the check with the parser's message
    }
    var url = String(item.url || '').trim();
    if (url) {
      parts.push('<' + url.replace(/ /g, '%20').replace(/>/g, '%3E').replace(/</g, '%3C') + '>');
    }
    return parts.join(' ');
  }

  function normalNews(items) {
    return (items || []).map(function (item) {
      return [item.title || '', item.date || '', item.url || ''].join('\u0000');
    });
  }

  /** A changed date as ISO 8601 in Vietnam's time (+07:00); anything else is kept as typed. */
  function vnDate(value) {
    var text = String(value == null ? '' : value).trim();
    var found = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.exec(
      text,
    );
    if (!found) {
      return text;
    }
    var offset = 0;
    if (found[7] !== 'Z') {
      var sign = found[7].charAt(0) === '-' ? -1 : 1;
      var digits = found[7].slice(1).replace(':', '');
      offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
    }
    var utc = Date.UTC(
      Number(found[1]), Number(found[2]) - 1, Number(found[3]),
      Number(found[4]), Number(found[5]), Number(found[6] || 0),
    ) - offset * 60000;
    var vn = new Date(utc + 7 * 3600000);
    return (
      vn.getUTCFullYear() + '-' + pad(vn.getUTCMonth() + 1) + '-' + pad(vn.getUTCDate()) +
      'T' + pad(vn.getUTCHours()) + ':' + pad(vn.getUTCMinutes()) + ':' + pad(vn.getUTCSeconds()) +
      '+07:00'
    );
  }

  function readValue(name, values) {
    var kind = KINDS[name];
    if (kind === 'news') {
      return values.filter(Boolean).map(parseNewsLine);
    }
    if (kind === 'list') {
      return splitList(values[0] || '');
    }
    if (kind === 'text') {
      return unescapeHeader(values[0] || '');
    }
    return values[0] || '';
  }

  function sameValue(name, a, b) {
    var kind = KINDS[name];
    if (kind === 'news') {
      return normalNews(a).join('\n') === normalNews(b).join('\n');
    }
    if (kind === 'list') {
      return listValue(a) === listValue(b);
    }
    if (DATE_KEYS[name] && a instanceof Date) {
      return false;
    }
    return String(a == null ? '' : a) === String(b == null ? '' : b);
  }

  function writeLines(key, name, value) {
    var kind = KINDS[name];
    if (kind === 'news') {
      var lines = (value || []).map(newsLine).filter(Boolean);
      if (!lines.length) {
        return [];
      }
      return [key + ': ' + lines[0]].concat(
        lines.slice(1).map(function (line) {
          return '    ' + line;
        }),
      );
    }
    var text;
    if (kind === 'list') {
      text = listValue(value);
    } else if (kind === 'text') {
      text = escapeHeader(value);
    } else if (DATE_KEYS[name]) {
      text = value instanceof Date ? vnDate(value.toISOString()) : vnDate(value);
    } else {
      text = collapse(value);
    }
    return text ? [key + ': ' + text] : [];
  }

  function isEmpty(value) {
    if (value == null) {
      return true;
    }
    if (Array.isArray(value)) {
      return value.length === 0;
    }
    return String(value).trim() === '';
  }

  /** Entry data of a file: one lower-cased key per header key, `body`, and the source. */
  function fromFile(text) {
    var header = parseHeader(text);
    var data = {};
    header.fields.forEach(function (field) {
      var name = field.key.toLowerCase();
      if (!(name in data)) {
        data[name] = readValue(name, field.values);
      }
    });
    data.body = header.body;
    data[STASH] = text;
    // For the articles collection's filter (its folder holds the pages folder too): a file
    // with a Date (or a Portal) is an article, a page has neither.
    data[KIND] = 'date' in data || 'portal' in data ? 'article' : 'page';
    return data;
  }

  function canonicalKey(name) {
    for (var i = 0; i < ORDER.length; i += 1) {
      if (ORDER[i].toLowerCase() === name) {
        return ORDER[i];
      }
    }
    return name.charAt(0).toUpperCase() + name.slice(1);
  }

  /** The file text of entry data: unchanged keys as read, changed and new keys re-rendered. */
  function toFile(data) {
    var source = typeof data[STASH] === 'string' ? data[STASH] : '';
    var header = parseHeader(source);
    var seen = {};
    var out = [];
    header.fields.forEach(function (field) {
      var name = field.key.toLowerCase();
      if (seen[name] || !(name in data) || name === 'body' || name === STASH) {
        // A repeated key, or a key the form does not know about: kept as written.
        if (!(name in data) || seen[name]) {
          out.push({ name: name, lines: field.raw });
        }
        return;
      }
      seen[name] = true;
      var original = readValue(name, field.values);
      if (sameValue(name, data[name], original)) {
        out.push({ name: name, lines: field.raw });
      } else {
        out.push({ name: name, lines: writeLines(field.key, name, data[name]) });
      }
    });
    // Keys the file did not have yet, each before the first later key in the canonical order.
    Object.keys(data).forEach(function (name) {
      if (seen[name] || name === 'body' || name === STASH || name.charAt(0) === '_') {
        return;
      }
      if (isEmpty(data[name]) || ORDER.map(function (k) { return k.toLowerCase(); }).indexOf(name) < 0) {
        return;
      }
      seen[name] = true;
      var rank = ORDER.map(function (k) { return k.toLowerCase(); }).indexOf(name);
      var at = out.length;
      for (var i = 0; i < out.length; i += 1) {
        var other = ORDER.map(function (k) { return k.toLowerCase(); }).indexOf(out[i].name);
        if (other > rank) {
          at = i;
          break;
        }
      }
      out.splice(at, 0, { name: name, lines: writeLines(canonicalKey(name), name, data[name]) });
    });
    var lines = [];
    out.forEach(function (entry) {
      lines = lines.concat(entry.lines);
    });
    var eol = source ? header.eol : '\n';
    var body = data.body == null ? '' : String(data.body);
    var head = (header.opening !== null ? [header.opening] : []).concat(lines);
    if (source && body === header.body && header.fields.length) {
      // The body as read, after the header's own closing line.
      var closing = header.closing !== null ? [header.closing] : [];
      return header.bom + head.concat(closing).join(eol) + (closing.length || body ? eol : '') + body;
    }
    // A new or re-written body: header, blank line, body, one final newline (render_markdown).
    body = body.replace(/\r\n/g, '\n').replace(/^\n+|\n+$/g, '');
    var text = head.join('\n') + '\n' + (body ? '\n' + body + '\n' : '');
    return header.bom + (eol === '\n' ? text : text.replace(/\n/g, eol));
  }

  return {
    fromFile: fromFile,
    toFile: toFile,
    parseNewsLine: parseNewsLine,
    vnDate: vnDate,
    STASH: STASH,
    KIND: KIND,
  };
});
