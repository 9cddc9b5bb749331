#!/usr/bin/env node
/*
 * Round-trip of the CMS file format (plugins/decap_admin/static/archive-format.js) over the
 * Markdown files given on the command line (or every *.md under the given folders).
 * Run by tests/plugins/decap_admin/test_format.py; prints one JSON report on stdout:
 *   {files, unchanged: [paths not byte-identical after open + save],
 *    fresh: [paths whose header written from the form values alone differs],
 *    edits: [paths where editing one field changed other lines],
 *    edited: [the first five files with their title edited: {file, text}]}
 */
'use strict';
const fs = require('fs');
const path = require('path');
const format = require('../../../plugins/decap_admin/static/archive-format.js');

function markdownFiles(target) {
  const stat = fs.statSync(target);
  if (stat.isFile()) return [target];
  const found = [];
  for (const name of fs.readdirSync(target).sort()) {
    const child = path.join(target, name);
    if (fs.statSync(child).isDirectory()) found.push(...markdownFiles(child));
    else if (name.endsWith('.md')) found.push(child);
  }
  return found;
}

// The entry data as Decap holds it: a JSON copy (Immutable.js fromJS/toJS keeps plain values).
const copy = (data) => JSON.parse(JSON.stringify(data));

const report = { files: 0, unchanged: [], fresh: [], edits: [], edited: [] };
const files = process.argv.slice(2).flatMap(markdownFiles);
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  report.files += 1;
  const data = format.fromFile(text);
  const saved = format.toFile(copy(data));
  if (saved !== text) report.unchanged.push({ file, saved });
  // Written from the form values only (no original text): what a new file would look like.
  const fresh = copy(data);
  delete fresh[format.STASH];
  const written = format.toFile(fresh);
  if (written !== text) report.fresh.push({ file, written });
  // Editing one field changes that key's lines and nothing else.
  if (data.title !== undefined) {
    const edited = copy(data);
    edited.title = data.title + ' (đã sửa)';
    const before = text.split('\n');
    const after = format.toFile(edited).split('\n');
    const changed = after.filter((line, i) => line !== before[i]);
    const bad =
      before.length !== after.length ||
      changed.length !== 1 ||
      !/^Title: .* \(đã sửa\)$/.test(changed[0]);
    if (bad) report.edits.push({ file, changed });
    if (report.edited.length < 5) report.edited.push({ file, text: after.join('\n') });
  }
}
process.stdout.write(JSON.stringify(report));
