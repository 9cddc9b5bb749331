# Bulletin archive — Pelican quickstart targets plus our own.
# A fresh clone needs only python3 and make: every Python target creates .venv first.

PY_BOOTSTRAP ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PELICAN ?= $(PY) -m pelican
PELICANOPTS ?=

BASEDIR = $(CURDIR)
INPUTDIR ?= $(BASEDIR)/content
OUTPUTDIR ?= $(BASEDIR)/output
CONFFILE ?= $(BASEDIR)/pelicanconf.py
PUBLISHCONF ?= $(BASEDIR)/publishconf.py

PORT ?= 8000
BIND ?= 127.0.0.1
CMS_PORT ?= 8081
SERVE ?= 1
PROFILE ?= demo
N ?= 1000 10000
REPEAT ?= 3
DRY_RUN ?= 0
EVALOPTS ?=
CAPTURES ?= $(BASEDIR)/captures
FORCE ?= 0
SHARDS_DIR ?= $(BASEDIR)/var/shards
SHARD_SPLIT_YEARS ?= 0
SHARDS_PY = $(PY) -m tools.shards --dir "$(SHARDS_DIR)"
PROFILES ?= $(PROFILE)
WORKERS ?= 2
CLUSTEROPTS ?=

DEBUG ?= 0
ifeq ($(DEBUG), 1)
	PELICANOPTS += -D
endif

RELATIVE ?= 0
ifeq ($(RELATIVE), 1)
	PELICANOPTS += --relative-urls
endif

VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.DEFAULT_GOAL := help

help:
	@echo 'Bulletin archive — make targets'
	@echo ''
	@echo 'Set-up and daily use:'
	@echo '   make demo                  crawl the bundled demo portal, build, serve on http://$(BIND):$(PORT)'
	@echo '   make demo SERVE=0          same, but build and exit'
	@echo '   make test                  lint, content check and the whole test suite'
	@echo ''
	@echo 'Pelican:'
	@echo '   make html                  (re)generate the web site into $(OUTPUTDIR)'
	@echo '   make clean                 remove the generated files'
	@echo '   make regenerate            regenerate files upon modification'
	@echo '   make serve [PORT=8000]     serve site at http://$(BIND):$(PORT)'
	@echo '   make devserver [PORT=8000] serve and regenerate together'
	@echo '   make edit [CMS_PORT=8081]  editing screen: decap-server + devserver, http://$(BIND):$(PORT)/admin/'
	@echo '   make publish [DRY_RUN=1]   build with publishconf.py and deploy (see README, Publishing)'
	@echo '   make rollback              switch the deployed site back to the previous release'
	@echo ''
	@echo 'Ours:'
	@echo '   make check                 validate every file in content/'
	@echo '   make lint                  ruff over the code'
	@echo '   make scrape PROFILE=name   crawl a portal into content/'
	@echo '   make crawl-cluster PROFILES="a b" WORKERS=N'
	@echo '                              crawl portals with N workers sharing a frontier on Redis'
	@echo '                              (REDIS_URL, else a private redis-server; see README)'
	@echo '   make package-captures      one WACZ per portal: captures/packages/<portal>.wacz [FORCE=1]'
	@echo '   make verify-captures       check the packages, their records and the articles against them'
	@echo '   make bench [N=1000]        performance harness, side by side (see README, Benchmarks)'
	@echo '   make shard PORTAL=key      build one portal alone into $(SHARDS_DIR)/<key>/output'
	@echo '   make shards                build every shard whose content changed (make -j2 shards: two at once)'
	@echo '   make merge                 the site in $(OUTPUTDIR) from the shards (builds stale shards first)'
	@echo '   make eval-extract          score generic extraction and trafilatura on tests/fixtures/real-pages'
	@echo '   make node                  install the pinned npm packages (html, demo, publish, test do it)'
	@echo '   make lock                  regenerate requirements.lock from the pins'
	@echo ''
	@echo 'Set DEBUG=1 for debugging, RELATIVE=1 for relative URLs.'

# requirements.lock is the whole resolved set, so pip installs it as it is (--no-deps: nothing
# to resolve, hence no resolver warnings) and `pip check` proves it consistent. pip's output
# goes to $(VENV)/install.log and is shown only when something fails.
$(VENV_STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PY_BOOTSTRAP) -m venv $(VENV)
	@echo "Installing the pinned dependencies into $(VENV) (log: $(VENV)/install.log) ..."
	@$(PY) -m pip install --disable-pip-version-check --no-deps -r requirements.lock \
		> $(VENV)/install.log 2>&1 && $(PY) -m pip check >> $(VENV)/install.log 2>&1 \
		|| { tail -n 40 $(VENV)/install.log >&2; \
		     echo "error: installing requirements.lock into $(VENV) failed (above; whole log: $(VENV)/install.log)" >&2; \
		     exit 1; }
	@touch $@

venv: $(VENV_STAMP)

# npm packages, pinned in package-lock.json: replaywebpage (ReplayWeb.page: the replay_page
# plugin copies its prebuilt ui.js and sw.js into the site, so every build needs it) and the
# test-only tools vnu-jar (W3C Nu HTML Checker) and axe-core. --ignore-scripts: vnu-jar's
# postinstall would fetch a Java runtime (we use Debian's java); nothing here needs a script.
# --loglevel=error: replaywebpage declares node >=22 for its own tooling, and npm warns about it
# on Debian's node 20 (EBADENGINE); we run none of its code in node, only copy its browser files.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "error: npm is missing: run make deps-system (or apt-get install npm)" >&2; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

node: $(NODE_STAMP)

lock: $(VENV_STAMP)
	@{ echo '# Full resolved dependency set, generated with `pip freeze` from the pins in pyproject.toml.'; \
	   echo '# Regenerate: make lock'; $(PY) -m pip freeze --exclude-editable; } > requirements.lock.tmp
	@mv requirements.lock.tmp requirements.lock

# Debian packages some targets need (we run as root in CI; otherwise say what to run).
deps-system:
	@$(PY_BOOTSTRAP) tools/system_deps.py

html: $(VENV_STAMP) $(NODE_STAMP)
	$(PELICAN) "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS)

clean:
	[ ! -d "$(OUTPUTDIR)" ] || rm -rf "$(OUTPUTDIR)"
	rm -rf cache

regenerate: $(VENV_STAMP) $(NODE_STAMP)
	$(PELICAN) -r "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS)

serve: $(VENV_STAMP) $(NODE_STAMP)
	$(PELICAN) -l "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS) -p $(PORT) -b $(BIND)

devserver: $(VENV_STAMP) $(NODE_STAMP)
	$(PELICAN) -lr "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS) -p $(PORT) -b $(BIND)

# The editors' screen (plugins/decap_admin, README "Editing in the browser"): decap-server with
# make check's save check (tools/cms_server.js) writing into the content folder's working copy,
# and the devserver's two halves (regenerate + serve: `pelican -lr` cannot run the search_index
# plugin's background builder in its autoreload child), all on $(BIND); Ctrl-C stops them all.
edit: $(VENV_STAMP) $(NODE_STAMP)
	@echo "Editing screen: http://$(BIND):$(PORT)/admin/  (decap-server: http://$(BIND):$(CMS_PORT)/api/v1, writing into $(INPUTDIR); Ctrl-C stops)"
	@PORT=$(CMS_PORT) BIND_HOST=$(BIND) ORIGIN=http://$(BIND):$(PORT) GIT_REPO_DIRECTORY="$(abspath $(INPUTDIR)/..)" \
	  ARCHIVE_CONTENT="$(INPUTDIR)" ARCHIVE_PYTHON="$(PY)" ARCHIVE_SETTINGS="$(CONFFILE)" LOG_LEVEL=warn \
	  node tools/cms_server.js & cms=$$!; \
	ARCHIVE_CMS_URL=http://$(BIND):$(CMS_PORT)/api/v1 \
	  $(PELICAN) -r "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS) & regen=$$!; \
	$(PELICAN) -l "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS) -p $(PORT) -b $(BIND) & serve=$$!; \
	trap 'kill $$cms $$regen $$serve 2>/dev/null; exit 0' INT TERM; \
	trap 'kill $$cms $$regen $$serve 2>/dev/null' EXIT; wait

check: $(VENV_STAMP)
	$(PY) -m tools.check_content "$(INPUTDIR)"

lint: $(VENV_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

test: $(VENV_STAMP) deps-system $(NODE_STAMP) lint check
	$(PY) -m pytest

demo: $(VENV_STAMP) $(NODE_STAMP)
	$(PY) -m tools.demo --serve=$(SERVE) --port $(PORT) --bind $(BIND)

scrape: $(VENV_STAMP)
	$(PY) -m scraper crawl $(PROFILE) --output "$(INPUTDIR)"

crawl-cluster: $(VENV_STAMP)
	$(PY) -m scraper crawl-cluster $(PROFILES) --workers $(WORKERS) --output "$(INPUTDIR)" $(CLUSTEROPTS)

package-captures: $(VENV_STAMP)
	$(PY) -m scraper package --captures "$(CAPTURES)" --content "$(INPUTDIR)" $(if $(filter 1,$(FORCE)),--force,)

verify-captures: $(VENV_STAMP)
	$(PY) -m scraper verify-captures --captures "$(CAPTURES)" --content "$(INPUTDIR)"

bench: $(VENV_STAMP)
	@$(PY_BOOTSTRAP) tools/system_deps.py --bench
	$(PY) -m bench --n $(N) --repeat $(REPEAT)

eval-extract: $(VENV_STAMP)
	$(PY) -m bench.eval_extract $(EVALOPTS)

# Shard builds (README, "Shard builds"): a portal is a shard; `make -j2 shards merge` builds the
# changed shards two at a time, then assembles the site. The plan is made from content/ first.
shards-plan: $(VENV_STAMP)
	$(SHARDS_PY) plan --content "$(INPUTDIR)" --settings "$(CONFFILE)" --split-years-over $(SHARD_SPLIT_YEARS)

shard: shards-plan $(NODE_STAMP)
	@test -n "$(PORTAL)" || { echo "error: name the shard: make shard PORTAL=key ($(SHARDS_PY) list shows the keys)" >&2; exit 1; }
	$(SHARDS_PY) build "$(PORTAL)" $(if $(filter 1,$(FORCE)),--force,)

shards: shards-plan $(NODE_STAMP)
	@$(MAKE) --no-print-directory shard-jobs SHARD_KEYS="$$($(SHARDS_PY) list)"

shard-jobs: $(addprefix shard-build-,$(SHARD_KEYS))

shard-build-%:
	$(SHARDS_PY) build "$*" $(if $(filter 1,$(FORCE)),--force,)

merge: shards
	$(SHARDS_PY) merge --output "$(OUTPUTDIR)"

publish: $(VENV_STAMP) $(NODE_STAMP) check
	$(PY) -m tools.publish publish --conf "$(PUBLISHCONF)" --content "$(INPUTDIR)" --output "$(OUTPUTDIR)" $(if $(filter 1,$(DRY_RUN)),--dry-run,)

rollback: $(VENV_STAMP)
	$(PY) -m tools.publish rollback --conf "$(PUBLISHCONF)"

.PHONY: help venv node lock deps-system html clean regenerate serve devserver edit check lint test demo scrape crawl-cluster package-captures verify-captures bench eval-extract publish rollback shards-plan shard shards shard-jobs merge
