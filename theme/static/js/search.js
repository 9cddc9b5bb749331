// The search page (plugin search_index): form, URL state, results, filters.
//
// The index (search-index.js) holds folded syllables ("dang") and folded pairs of neighbouring
// syllables ("dau tu"). A query is folded the same way (tone and vowel marks removed, đ -> d) and
// searched as pairs, so "dau tu cong", "đầu tư công" and "Đầu tư công" find the same bulletins and
// a common phrase fetches a small part of the index. Among the results shown, exact phrases and
// exact accents rank first. Everything a reader typed is put on the page as text (textContent),
// never as HTML.

import {
  PART_FILTERS,
  SearchIndex,
  applyFilters,
  fold,
  partsFor,
  queryPlan,
  syllables,
} from "./search-index.js";

export { fold, queryPlan, syllables };

const app = document.getElementById("search-app");
const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const sortSelect = document.getElementById("search-sort");
const statusEl = document.getElementById("search-status");
const list = document.getElementById("search-results");
const moreButton = document.getElementById("search-more");
const empty = document.getElementById("search-empty");
const emptyFilters = document.getElementById("search-empty-filters");
const filtersBox = document.getElementById("search-filters");
const filterGroups = document.getElementById("search-filter-groups");
const filtersNote = document.getElementById("search-filters-note");

const EXCERPT_CHARS = 240;
const ACCENT_PAGES = 3;
const FILTER_LABELS = {
  portal: "Cổng thông tin",
  level: "Cấp",
  province: "Tỉnh, thành phố",
  topic: "Chủ đề",
  category: "Chuyên mục",
  year: "Năm",
};
const PAGE_SIZE = Math.max(1, parseInt(app.dataset.pageSize || "10", 10));
const FILTER_NAMES = (app.dataset.filters || "").split(/\s+/).filter(Boolean);
const siteRoot = new URL(app.dataset.root || "/", window.location.href);
const index = new SearchIndex(new URL(app.dataset.index || "search/", siteRoot));

let filtersLoaded = false; // the filter checkboxes are on the page
let current = null; // {state, plan, all (before filters), results, shown, token}
let runToken = 0;

// ---- text helpers -----------------------------------------------------------------------------

// Syllables repeat a lot: fold each distinct one once (three Unicode normalisations each).
const wordForms = new Map();

function forms(word) {
  let found = wordForms.get(word);
  if (found === undefined) {
    found = { folded: fold(word).toLowerCase(), lower: word.normalize("NFC").toLowerCase() };
    if (wordForms.size > 50000) wordForms.clear();
    wordForms.set(word, found);
  }
  return found;
}

// Folded lower-case syllables of `text` with their [start, end) offsets in the original string
// (and the syllable as written, lower case). Ranking and excerpts of a result share them.
const spanCache = new Map();

function syllableSpans(text) {
  let spans = spanCache.get(text);
  if (spans) return spans;
  spans = [];
  const re = /[\p{L}\p{N}\p{M}]+/gu;
  let match;
  while ((match = re.exec(text)) !== null) {
    const { folded, lower } = forms(match[0]);
    spans.push({ start: match.index, end: match.index + match[0].length, folded, lower });
  }
  if (spanCache.size > 200) spanCache.clear();
  spanCache.set(text, spans);
  return spans;
}

function containsSequence(foldedSylls, seq) {
  outer: for (let i = 0; i + seq.length <= foldedSylls.length; i += 1) {
    for (let j = 0; j < seq.length; j += 1) if (foldedSylls[i + j] !== seq[j]) continue outer;
    return true;
  }
  return false;
}

// Ranking key for a loaded result: phrases present, every word present as a whole syllable,
// how many accented query words appear with exactly those accents.
function relevance(data, plan) {
  const spans = syllableSpans(data.title || "").concat(syllableSpans(data.text || ""));
  const folded = spans.map((s) => s.folded);
  const lowerRaw = new Set(spans.map((s) => s.lower));
  const phraseHits = plan.phrases.filter((p) => containsSequence(folded, p)).length;
  const rest = plan.usesPairs && !plan.phrases.length ? [plan.words] : [];
  const adjacency = rest.filter((p) => containsSequence(folded, p)).length;
  const foldedSet = new Set(folded);
  const whole = plan.words.filter((w) => foldedSet.has(w)).length;
  const exact = plan.accented.filter((w) => lowerRaw.has(w)).length;
  return [phraseHits + adjacency, exact, whole];
}

function compareKeys(a, b) {
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return b[i] - a[i];
  return 0;
}

// The excerpt: a window of the original text around the best match, with the matching
// syllables marked. Returns [{text, mark}] pieces; the caller turns them into DOM nodes.
export function excerptPieces(text, plan, limit = EXCERPT_CHARS) {
  if (!text) return [];
  const spans = syllableSpans(text);
  const wanted = new Set(plan.words);
  const hits = spans.map((s, i) => (wanted.has(s.folded) ? i : -1)).filter((i) => i >= 0);
  let centre = 0;
  if (hits.length) {
    // Prefer the place where a phrase (or the query's words in order) begins.
    const seqs = plan.phrases.length ? plan.phrases : [plan.words];
    const folded = spans.map((s) => s.folded);
    let best = hits[0];
    for (const seq of seqs) {
      for (let i = 0; i + seq.length <= folded.length; i += 1) {
        if (seq.every((w, j) => folded[i + j] === w)) {
          best = i;
          break;
        }
      }
    }
    centre = spans[best].start;
  }
  let start = Math.max(0, centre - Math.floor(limit / 3));
  let end = Math.min(text.length, start + limit);
  if (start > 0) {
    const space = text.indexOf(" ", start);
    start = space >= 0 && space < centre ? space + 1 : start;
  }
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    end = space > start ? space : end;
  }
  const pieces = [];
  if (start > 0) pieces.push({ text: "… ", mark: false });
  let pos = start;
  for (const s of spans) {
    if (s.end <= start || s.start >= end || !wanted.has(s.folded)) continue;
    if (s.start > pos) pieces.push({ text: text.slice(pos, s.start), mark: false });
    pieces.push({ text: text.slice(s.start, s.end), mark: true });
    pos = s.end;
  }
  if (pos < end) pieces.push({ text: text.slice(pos, end), mark: false });
  if (end < text.length) pieces.push({ text: " …", mark: false });
  return pieces;
}

function appendPieces(parent, pieces) {
  for (const piece of pieces) {
    if (piece.mark) {
      const mark = document.createElement("mark");
      mark.textContent = piece.text;
      parent.appendChild(mark);
    } else {
      parent.appendChild(document.createTextNode(piece.text));
    }
  }
}

// ---- URL state --------------------------------------------------------------------------------

function readState() {
  const params = new URLSearchParams(window.location.search);
  const filters = {};
  for (const name of FILTER_NAMES) {
    const values = params.getAll(name).filter(Boolean);
    if (values.length) filters[name] = values;
  }
  return { q: (params.get("q") || "").slice(0, 200), sort: params.get("sort") || "", filters };
}

function stateUrl(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  if (state.sort) params.set("sort", state.sort);
  for (const [name, values] of Object.entries(state.filters)) {
    for (const value of values) params.append(name, value);
  }
  const search = params.toString();
  return `${window.location.pathname}${search ? `?${search}` : ""}`;
}

function formState() {
  const filters = {};
  for (const box of filterGroups.querySelectorAll("input[type=checkbox]:checked")) {
    (filters[box.name] ||= []).push(box.value);
  }
  // Filters chosen in the URL but not yet shown as checkboxes stay chosen.
  if (!filtersLoaded) Object.assign(filters, readState().filters);
  return { q: input.value.trim().slice(0, 200), sort: sortSelect.value, filters };
}

// ---- search -----------------------------------------------------------------------------------

async function runSearch(state) {
  const token = ++runToken;
  const plan = queryPlan(state.q);
  app.dataset.query = state.q;
  if (!plan.primary.length) {
    app.dataset.state = "done";
    list.replaceChildren();
    moreButton.hidden = true;
    empty.hidden = true;
    statusEl.textContent = state.q ? "Hãy nhập chữ hoặc số để tìm." : "";
    return;
  }
  app.dataset.state = "searching";
  statusEl.textContent = "Đang tìm…";
  await index.open();
  // A choice of portal (level, province) searches only those portals' parts of the index.
  const parts = partsFor(index.manifest.parts, state.filters);
  const all = await index.find(plan, state.sort, parts);
  let results = all;
  let counts = null;
  const docFilters = Object.keys(state.filters).some((name) => !PART_FILTERS.includes(name));
  if (filtersLoaded || docFilters) {
    const filtered = applyFilters(all, await index.filters(parts), state.filters);
    results = filtered.ids;
    counts = filtered.counts;
  }
  if (token !== runToken) return;
  current = { state, plan, all, results, shown: 0, token, parts };
  list.replaceChildren();
  if (filtersLoaded) renderFilters(counts, state.filters);
  await showMore();
}

// With accents typed, the index (which folds them) cannot tell "đảng" from "đăng": when fewer
// than a page of the best results have every accented word exactly, look at the next page too
// (up to ACCENT_PAGES pages), and put the exact matches of that window first.
async function rankFirstPage(run) {
  const wanted = run.plan.accented.length;
  let items = [];
  let end = 0;
  for (let page = 0; page < ACCENT_PAGES && end < run.results.length; page += 1) {
    const ids = run.results.slice(end, end + PAGE_SIZE);
    const loaded = await Promise.all(ids.map((id) => index.doc(id)));
    items = items.concat(
      loaded.map((data, i) => ({ id: ids[i], order: end + i, key: relevance(data, run.plan) })),
    );
    end += ids.length;
    if (items.filter((item) => item.key[1] === wanted).length >= PAGE_SIZE) break;
  }
  items.sort((a, b) => compareKeys(a.key, b.key) || a.order - b.order);
  run.results = items.map((item) => item.id).concat(run.results.slice(end));
}

async function showMore() {
  const run = current;
  if (!run) return;
  if (run.shown === 0 && run.state.sort !== "newest" && run.plan.accented.length) {
    await rankFirstPage(run);
    if (run.token !== runToken) return;
  }
  const slice = run.results.slice(run.shown, run.shown + PAGE_SIZE);
  const loaded = await Promise.all(slice.map((id) => index.doc(id)));
  if (run.token !== runToken) return;
  const items = loaded.map((data, i) => ({ data, order: i, portal: index.portalPart(data.portal) }));
  if (run.state.sort !== "newest") {
    for (const item of items) item.key = relevance(item.data, run.plan);
    items.sort((a, b) => compareKeys(a.key, b.key) || a.order - b.order);
  }
  const first = run.shown === 0;
  for (const item of items) list.appendChild(renderResult(item.data, run.plan, item.portal));
  run.shown += slice.length;
  moreButton.hidden = run.shown >= run.results.length;
  const total = run.results.length;
  const hasFilters = Object.keys(run.state.filters).length > 0;
  empty.hidden = total > 0;
  emptyFilters.hidden = !hasFilters;
  statusEl.textContent =
    total === 0
      ? `Không tìm thấy kết quả nào cho “${run.state.q}”.`
      : `Tìm thấy ${total} kết quả cho “${run.state.q}”` +
        (total > run.shown ? `, đang hiện ${run.shown}.` : ".");
  if (!first && items.length) {
    const link = list.children[run.shown - slice.length]?.querySelector("a");
    if (link) link.focus();
  }
  app.dataset.state = "done";
}

function resultUrl(url) {
  return new URL(String(url || "").replace(/^\/+/, ""), siteRoot).href;
}

// The portal of a result is named when the archive holds more than one portal.
function manyPortals() {
  return index.manifest.parts.filter((part) => part.portal).length > 1;
}

function renderResult(data, plan, portal) {
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  heading.className = "search-result__title";
  const link = document.createElement("a");
  link.href = resultUrl(data.url);
  appendPieces(link, excerptPieces(data.title || data.url, plan, 100000));
  heading.appendChild(link);
  item.appendChild(heading);
  const info = document.createElement("p");
  info.className = "search-result__meta";
  info.textContent = [data.date, data.category].filter(Boolean).join(" · ");
  item.appendChild(info);
  if (portal && manyPortals()) {
    const source = document.createElement("p");
    source.className = "search-result__portal";
    source.textContent = `Cổng thông tin: ${portal.name || portal.portal}`;
    item.appendChild(source);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "search-result__excerpt";
  appendPieces(excerpt, excerptPieces(data.text || "", plan));
  item.appendChild(excerpt);
  return item;
}

// ---- filters ------------------------------------------------------------------------------------

async function loadFilters() {
  if (filtersLoaded) return;
  filtersNote.textContent = "Đang tải bộ lọc…";
  const state = readState();
  await index.open();
  // Only the parts the chosen portals (levels, provinces) leave: the others are not read.
  const searched = partsFor(index.manifest.parts, state.filters);
  const filters = await index.filters(searched);
  const totals = await index.totals(searched);
  filtersLoaded = true;
  filtersNote.textContent = "";
  if (current && current.state.q) {
    renderFilters(applyFilters(current.all, filters, current.state.filters).counts, state.filters);
  } else {
    renderFilters(totals, state.filters);
  }
}

// Portal, level and province groups list every value of the archive (from the manifest), so
// that a reader restricted to one portal can add another; values outside the parts searched
// have no count (counting them would mean reading their parts). Shown only with two values or
// more.
function partValues(name) {
  const out = new Map();
  for (const part of index.manifest.parts) {
    const value = part[name] || "";
    if (value && !out.has(value)) out.set(value, name === "portal" ? part.name || value : value);
  }
  return out;
}

function renderFilters(counts, chosen) {
  filterGroups.replaceChildren();
  const restricted = PART_FILTERS.some((name) => (chosen[name] || []).length);
  for (const name of FILTER_NAMES) {
    const values = counts && counts[name] ? counts[name] : {};
    const keys = Object.keys(values);
    const labels = PART_FILTERS.includes(name) ? partValues(name) : null;
    if (labels && labels.size < 2) continue;
    if (labels && restricted) for (const value of labels.keys()) if (!keys.includes(value)) keys.push(value);
    for (const value of chosen[name] || []) if (!keys.includes(value)) keys.push(value);
    if (!keys.length) continue;
    keys.sort((a, b) =>
      name === "year" ? b.localeCompare(a) : (values[b] || 0) - (values[a] || 0) || a.localeCompare(b, "vi"),
    );
    const fieldset = document.createElement("fieldset");
    fieldset.className = "search-filter";
    const legend = document.createElement("legend");
    legend.textContent = FILTER_LABELS[name] || name;
    fieldset.appendChild(legend);
    keys.forEach((value, i) => {
      const id = `loc-${name}-${i}`;
      const wrap = document.createElement("div");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.id = id;
      box.name = name;
      box.value = value;
      box.checked = (chosen[name] || []).includes(value);
      const label = document.createElement("label");
      label.htmlFor = id;
      const shown = labels ? labels.get(value) || value : value;
      const unknown = labels && restricted && !values[value] && !(chosen[name] || []).includes(value);
      label.textContent = unknown ? shown : `${shown} (${values[value] || 0})`;
      wrap.append(box, label);
      fieldset.appendChild(wrap);
    });
    filterGroups.appendChild(fieldset);
  }
}

// ---- events -------------------------------------------------------------------------------------

function apply(state, push) {
  const url = stateUrl(state);
  if (push) window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
  document.title = state.q ? `Tìm “${state.q}” — ${document.title.split(" — ").pop()}` : document.title;
  return runSearch(state).catch(showError);
}

function showError(error) {
  app.dataset.state = "error";
  statusEl.textContent =
    "Không tải được chỉ mục tìm kiếm. Hãy tải lại trang; nếu vẫn lỗi, hãy duyệt theo chuyên mục.";
  console.warn("search failed:", error);
}

function syncForm(state) {
  input.value = state.q;
  sortSelect.value = state.sort === "newest" ? "newest" : "";
  for (const box of filterGroups.querySelectorAll("input[type=checkbox]")) {
    box.checked = (state.filters[box.name] || []).includes(box.value);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  apply(formState(), true);
});
sortSelect.addEventListener("change", () => {
  if (input.value.trim()) apply(formState(), true);
});
filterGroups.addEventListener("change", () => {
  if (input.value.trim()) apply(formState(), true);
});
filtersBox.addEventListener("toggle", () => {
  if (filtersBox.open) loadFilters().catch(showError);
});
moreButton.addEventListener("click", () => {
  showMore().catch(showError);
});
window.addEventListener("popstate", () => {
  const state = readState();
  syncForm(state);
  runSearch(state).catch(showError);
});

async function start() {
  const state = readState();
  syncForm(state);
  app.dataset.query = state.q;
  if (Object.keys(state.filters).length) filtersBox.open = true;
  await index.open();
  app.dataset.ready = "true";
  if (state.q) await apply(state, false);
  else app.dataset.state = "done";
}

start().catch(showError);
