// The search index of plugin search_index, read in the browser (no WebAssembly, no worker).
//
// Files under <output_path>/ (see plugins/search_index/README.md):
//   manifest.json      {"build", "docs", "filters", "shards", "version"}, fetched with no-cache;
//   shards/<hex>.json  {"<token>": [[delta doc ids], [weights]]}, token -> shard by FNV-1a;
//   docs/<id>.json     what a result shows (title, url, date, category, image, text);
//   filters.json       {"<filter>": {"values": [...], "docs": [[delta doc ids], ...]}}.
// Every file but the manifest is fetched as "<file>?v=<build>", so a new build never mixes with
// cached files of an old one. Documents are numbered by date: a higher id is newer. Ids are
// sparse (a document's id sits near its date, with gaps, so adding an article renumbers only
// its neighbours): they are not 0..docs-1; nothing here sizes an array by id (ids < 2**31).
//
// Tokens are folded syllables ("dang") and neighbouring pairs joined by one space ("dau tu"),
// the rules of plugins/search_index/tokens.py. Nothing here touches the DOM.

const SYLLABLE = /[\p{L}\p{N}]+/gu;
export const MIN_PRIMARY_RESULTS = 5;
export const FORMAT_VERSION = 1;

// ---- folding and the query plan ------------------------------------------------------------

// Tone and vowel marks removed, đ/Đ -> d/D, case kept (scraper/text.fold_vietnamese).
export function fold(text) {
  return String(text)
    .normalize("NFC")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .normalize("NFC");
}

export function syllables(text) {
  return fold(text).toLowerCase().match(SYLLABLE) || [];
}

function unique(items) {
  return [...new Set(items)];
}

export function pairTokens(sylls) {
  const out = [];
  for (let i = 0; i + 1 < sylls.length; i += 1) out.push(`${sylls[i]} ${sylls[i + 1]}`);
  return out;
}

// The fewest pairs covering every syllable: (1,2), (3,4), ... and the last pair.
export function coverPairs(sylls) {
  const all = pairTokens(sylls);
  const chosen = all.filter((_, i) => i % 2 === 0);
  if (sylls.length % 2) chosen.push(all[all.length - 1]);
  return unique(chosen);
}

// Quoted phrases and the unquoted rest; each part of two or more syllables is searched as the
// pairs that cover it, a one-syllable part as the syllable. `primary`: the tokens every result
// must have. `fallback`: every single syllable (none when a phrase is quoted: a phrase must
// appear as written). `words`: folded syllables for marking; `accented`: accented words as
// typed, for ranking exact accents first among the results shown.
export function queryPlan(query) {
  const phrases = [];
  const rest = String(query).replace(/"([^"]*)"/g, (_, inner) => {
    const sylls = syllables(inner);
    if (sylls.length) phrases.push(sylls);
    return " ";
  });
  const restSylls = syllables(rest);
  const parts = [...phrases, ...(restSylls.length ? [restSylls] : [])];
  let primary = [];
  for (const part of parts) primary = primary.concat(part.length > 1 ? coverPairs(part) : part);
  const words = unique(parts.flat());
  const accented = unique(
    (String(query).normalize("NFC").toLowerCase().match(SYLLABLE) || []).filter(
      (w) => fold(w) !== w,
    ),
  );
  return {
    primary: unique(primary),
    fallback: phrases.length ? [] : words,
    phrases,
    words,
    accented,
    usesPairs: parts.some((p) => p.length > 1),
  };
}

// ---- file layout ----------------------------------------------------------------------------

const encoder = new TextEncoder();

// FNV-1a 32-bit over the UTF-8 bytes (the same as the Python writer).
export function fnv1a(text) {
  let h = 0x811c9dc5;
  for (const byte of encoder.encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function shardName(index, count) {
  const width = Math.max(1, (count - 1).toString(16).length);
  return index.toString(16).padStart(width, "0");
}

export function shardOf(token, count) {
  return fnv1a(token) & (count - 1);
}

// [first, difference, difference, ...] -> absolute ascending ids.
export function decodeDeltas(deltas) {
  const ids = new Int32Array(deltas.length);
  let id = 0;
  for (let i = 0; i < deltas.length; i += 1) {
    id = i === 0 ? deltas[0] : id + deltas[i];
    ids[i] = id;
  }
  return ids;
}

// ---- scoring --------------------------------------------------------------------------------

// weight byte: bits 0-3 occurrences in lead + body (capped at 15), bit 4 in the title,
// bit 5 in the lead.
export function termScore(weight) {
  return Math.log(1 + (weight & 15)) + 2 * ((weight >> 4) & 1) + 0.5 * ((weight >> 5) & 1);
}

export function idf(docs, df) {
  return df ? Math.log(1 + docs / df) : 0;
}

// AND of the tokens' posting lists: {ids (ascending), scores} (summed idf-weighted scores).
export function intersect(postings, docs) {
  if (!postings.length || postings.some((p) => p.ids.length === 0)) {
    return { ids: new Int32Array(0), scores: new Float64Array(0) };
  }
  const order = [...postings].sort((a, b) => a.ids.length - b.ids.length);
  const first = order[0];
  let ids = first.ids;
  const w0 = idf(docs, first.ids.length);
  let scores = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i += 1) scores[i] = w0 * termScore(first.weights[i]);
  for (const posting of order.slice(1)) {
    const weight = idf(docs, posting.ids.length);
    const keptIds = new Int32Array(ids.length);
    const keptScores = new Float64Array(ids.length);
    let kept = 0;
    let j = 0;
    for (let i = 0; i < ids.length; i += 1) {
      const id = ids[i];
      while (j < posting.ids.length && posting.ids[j] < id) j += 1;
      if (j >= posting.ids.length) break;
      if (posting.ids[j] === id) {
        keptIds[kept] = id;
        keptScores[kept] = scores[i] + weight * termScore(posting.weights[j]);
        kept += 1;
      }
    }
    ids = keptIds.subarray(0, kept);
    scores = keptScores.subarray(0, kept);
  }
  return { ids, scores };
}

// Ids by score (higher first), ties: higher id (newer) first.
export function rankByScore(found) {
  const order = Array.from(found.ids.keys());
  order.sort((a, b) => found.scores[b] - found.scores[a] || found.ids[b] - found.ids[a]);
  return order.map((i) => found.ids[i]);
}

// ---- filters ----------------------------------------------------------------------------------

// filters.json -> {name: {values: [...], byDoc: Map(id -> [value index, ...]), totals: [...]}}
export function decodeFilters(data, names) {
  const out = {};
  for (const name of names) {
    const group = data[name];
    if (!group) continue;
    const byDoc = new Map();
    const totals = [];
    group.values.forEach((_, v) => {
      const ids = decodeDeltas(group.docs[v] || []);
      totals.push(ids.length);
      for (const id of ids) {
        const list = byDoc.get(id);
        if (list) list.push(v);
        else byDoc.set(id, [v]);
      }
    });
    out[name] = { values: group.values, byDoc, totals };
  }
  return out;
}

// Keep the ids passing every chosen group (a doc passes a group when it has any chosen value),
// and count, per value, the ids passing the OTHER groups' choices that have that value.
// chosen: {name: [value, ...]}. Returns {ids, counts: {name: {value: count}}}.
export function applyFilters(ids, filters, chosen) {
  const names = Object.keys(filters);
  const wanted = {};
  for (const name of names) {
    const values = chosen[name] || [];
    if (!values.length) continue;
    const group = filters[name];
    wanted[name] = new Set(values.map((v) => group.values.indexOf(v)).filter((i) => i >= 0));
  }
  const active = Object.keys(wanted);
  const counts = {};
  const tallies = {};
  for (const name of names) tallies[name] = new Int32Array(filters[name].values.length);
  const kept = [];
  for (const id of ids) {
    let failed = 0;
    let failedName = null;
    for (const name of active) {
      const has = filters[name].byDoc.get(id) || [];
      if (!has.some((v) => wanted[name].has(v))) {
        failed += 1;
        failedName = name;
      }
    }
    if (failed === 0) kept.push(id);
    if (failed > 1) continue;
    for (const name of names) {
      if (failed === 1 && failedName !== name) continue;
      for (const v of filters[name].byDoc.get(id) || []) tallies[name][v] += 1;
    }
  }
  for (const name of names) {
    counts[name] = {};
    filters[name].values.forEach((value, v) => {
      if (tallies[name][v]) counts[name][value] = tallies[name][v];
    });
  }
  return { ids: kept, counts };
}

// ---- the index ----------------------------------------------------------------------------------

export class SearchIndex {
  // base: URL of the index folder (ends with "/").
  constructor(base, fetcher = (url, init) => fetch(url, init)) {
    this.base = new URL(base);
    this.fetcher = fetcher;
    this.manifest = null;
    this.shards = new Map();
    this.docs = new Map();
    this.filterData = null;
  }

  async getJson(path, init) {
    const url = new URL(path, this.base);
    if (this.manifest) url.searchParams.set("v", this.manifest.build);
    const response = await this.fetcher(url.href, init);
    if (!response.ok) throw new Error(`search index: ${url.href} answered ${response.status}`);
    return response.json();
  }

  async open() {
    if (this.manifest) return this.manifest;
    this.opening ||= this.getJson("manifest.json", { cache: "no-cache" }).then((manifest) => {
      if (manifest.version !== FORMAT_VERSION || !(manifest.shards >= 1)) {
        throw new Error(`search index: unsupported manifest version ${manifest.version}`);
      }
      this.manifest = manifest;
      return manifest;
    });
    this.opening.catch(() => {
      this.opening = null; // the next search tries again
    });
    return this.opening;
  }

  shard(index) {
    let promise = this.shards.get(index);
    if (!promise) {
      promise = this.getJson(`shards/${shardName(index, this.manifest.shards)}.json`);
      promise.catch(() => this.shards.delete(index));
      this.shards.set(index, promise);
    }
    return promise;
  }

  // {ids: Int32Array ascending, weights: Array} of one token; empty when absent.
  async postings(token) {
    await this.open();
    const shard = await this.shard(shardOf(token, this.manifest.shards));
    if (!Object.hasOwn(shard, token)) return { ids: new Int32Array(0), weights: [] };
    const [deltas, weights] = shard[token];
    return { ids: decodeDeltas(deltas), weights };
  }

  async match(tokens) {
    const postings = await Promise.all(tokens.map((t) => this.postings(t)));
    return intersect(postings, this.manifest.docs);
  }

  // Ordered ids for a plan. sort: "" (relevance) or "newest".
  async find(plan, sort = "") {
    await this.open();
    if (!plan.primary.length) return [];
    const primary = await this.match(plan.primary);
    const newest = sort === "newest";
    let ids = newest ? Array.from(primary.ids).reverse() : rankByScore(primary);
    const fallback = plan.fallback || [];
    const same =
      fallback.length === plan.primary.length && fallback.every((t) => plan.primary.includes(t));
    if (ids.length < MIN_PRIMARY_RESULTS && fallback.length && !same) {
      // Words that are not neighbours in the text ("giải ngân Long An"): every syllable.
      const wide = await this.match(fallback);
      const seen = new Set(ids);
      if (newest) {
        ids = Array.from(new Set([...primary.ids, ...wide.ids])).sort((a, b) => b - a);
      } else {
        ids = ids.concat(rankByScore(wide).filter((id) => !seen.has(id)));
      }
    }
    return ids;
  }

  async filters() {
    await this.open();
    if (!this.filterLoading) {
      this.filterLoading = this.getJson("filters.json").then((data) => {
        this.filterData = decodeFilters(data, this.manifest.filters || Object.keys(data));
        return this.filterData;
      });
      this.filterLoading.catch(() => {
        this.filterLoading = null;
      });
    }
    return this.filterLoading;
  }

  // Counts of every value over the whole archive: {name: {value: count}}.
  async totals() {
    const filters = await this.filters();
    const out = {};
    for (const [name, group] of Object.entries(filters)) {
      out[name] = {};
      group.values.forEach((value, v) => {
        if (group.totals[v]) out[name][value] = group.totals[v];
      });
    }
    return out;
  }

  // What a result shows: {title, url, date, category, image, text}.
  doc(id) {
    let promise = this.docs.get(id);
    if (!promise) {
      promise = this.open().then(() => this.getJson(`docs/${id}.json`));
      promise.catch(() => this.docs.delete(id));
      this.docs.set(id, promise);
    }
    return promise;
  }
}
