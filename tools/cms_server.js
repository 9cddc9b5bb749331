#!/usr/bin/env node
/*
 * decap-server (the local backend of Decap CMS, pinned in package.json) with the archive's
 * save check in front of it: `make edit` runs this.
 *
 * Every `persistEntry` request (the CMS saving an article or a page) is first given to
 * `python -m tools.check_entry`, which applies `make check`'s rules to the file as it would be
 * written; when it finds a problem the request is refused (HTTP 422, the problems as the error,
 * which Decap shows in its "could not save" notice) and nothing is written. Everything else is
 * decap-server's own file-system mode, writing into GIT_REPO_DIRECTORY.
 *
 * Environment (defaults in brackets):
 *   PORT [8081], BIND_HOST [127.0.0.1]  where to listen
 *   ORIGIN [http://127.0.0.1:8000]      the one origin allowed to call it (CORS): the site
 *   GIT_REPO_DIRECTORY [cwd]            the working copy decap-server reads and writes
 *   ARCHIVE_CONTENT [<repo>/content]    the content folder the check reads
 *   ARCHIVE_PYTHON [.venv/bin/python]   the Python that runs tools.check_entry
 *   ARCHIVE_SETTINGS [pelicanconf.py]   the Pelican settings the check reads
 */
'use strict';
const path = require('path');
const { spawn } = require('child_process');

const decapServer = path.dirname(require.resolve('decap-server/package.json'));
const fromDecap = (name) => require(require.resolve(name, { paths: [decapServer] }));
const express = fromDecap('express');
const cors = fromDecap('cors');
const { registerLocalFs } = require('decap-server/dist/middlewares');

const PROJECT = path.resolve(__dirname, '..');
const port = parseInt(process.env.PORT || '8081', 10);
const host = process.env.BIND_HOST || '127.0.0.1';
const origin = process.env.ORIGIN || 'http://127.0.0.1:8000';
const repo = path.resolve(process.env.GIT_REPO_DIRECTORY || process.cwd());
const content = path.resolve(repo, process.env.ARCHIVE_CONTENT || 'content');
const python = process.env.ARCHIVE_PYTHON || path.join(PROJECT, '.venv', 'bin', 'python');
const settings = process.env.ARCHIVE_SETTINGS || path.join(PROJECT, 'pelicanconf.py');
// decap-server's own CORS middleware reads ORIGIN too: the same single origin.
process.env.ORIGIN = origin;
process.env.GIT_REPO_DIRECTORY = repo;

function runCheck(request) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      python,
      ['-m', 'tools.check_entry', '--repo', repo, '--content', content, '--settings', settings],
      { cwd: PROJECT, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`tools.check_entry exited with ${code}: ${err.trim()}`));
        return;
      }
      try {
        resolve(JSON.parse(out).problems);
      } catch (error) {
        reject(new Error(`tools.check_entry gave no JSON: ${out.slice(0, 200)} ${err.trim()}`));
      }
    });
    child.stdin.end(JSON.stringify(request));
  });
}

async function checkBeforeSave(req, res, next) {
  const body = req.body || {};
  if (body.action !== 'persistEntry' || !body.params) {
    next();
    return;
  }
  const params = body.params;
  const files = (params.dataFiles || (params.entry ? [params.entry] : [])).map((file) => ({
    path: file.newPath || file.path,
    raw: file.raw,
  }));
  const assets = (params.assets || []).map((asset) => asset.path);
  try {
    const problems = await runCheck({ files, assets });
    if (problems.length) {
      console.log(`refused ${files.map((f) => f.path).join(', ')}:\n  ${problems.join('\n  ')}`);
      res.status(422).json({ error: problems.join('\n') });
      return;
    }
  } catch (error) {
    console.error(`save check failed: ${error.message}`);
    res.status(500).json({ error: `Không kiểm tra được bài (save check failed): ${error.message}` });
    return;
  }
  next();
}

async function main() {
  const app = express();
  app.use(cors({ origin }));
  app.use(express.json({ limit: '50mb' }));
  app.post('/api/v1', checkBeforeSave);
  await registerLocalFs(app, { logLevel: process.env.LOG_LEVEL || 'info' });
  const server = app.listen(port, host, () => {
    const address = server.address();
    console.log(
      `decap-server (local file system) on http://${address.address}:${address.port}/api/v1, ` +
        `writing into ${repo}, for ${origin}; save check: ${python} -m tools.check_entry`,
    );
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
