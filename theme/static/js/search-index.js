// The search index of plugin search_index, read in the browser (no WebAssembly, no worker).
//
// Files under <output_path>/, format 2 (see plugins/search_index/README.md):
//   manifest.json               {"build", "chunk_bits", "docs", "filters", "parts", "shards",
//                               "version"}, fetched with no-cache; parts[i] = {"docs", "level",
//                               "name", "portal", "province", "shards"}: one part per portal;
//   shards/<hex>.json.gz        {"<token>": [[delta doc ids], [weights]]} over the whole archive,
//                               token -> shard by FNV-1a;
//   shards/<part>/<hex>.json.gz the same over one part's documents (two parts or more), read by
//                               a query restricted to some portals: it reads what an archive of
//                               those portals alone would;
//   filters/<part>.json.gz      {"_ids": [delta ids of the part], "<filter>": {"values": [...],
//                               "docs": [[delta doc ids], ...]}};
//   docs/<hex>.json.gz          {"<id>": what a result shows (title, url, date, portal, ...)} for
//                               the ids with id >> chunk_bits == hex.
// Every file but the manifest is stored gzip-compressed and decompressed here
// (DecompressionStream; a host that already undid the compression is fine too), and fetched as
// "<file>?v=<build>", so a new build never mixes with cached files of an old one. Documents are
// numbered by date: a higher id is newer. Ids are sparse (a document's id sits near its date,
// with gaps, so adding an article renumbers only its neighbours): they are not 0..docs-1;
// nothing here sizes an array by id (ids < 2**31).
//
// Tokens are folded syllables ("dang") and neighbouring pairs joined by one space ("dau tu"),
// the rules of plugins/search_index/tokens.py. Nothing here touches the DOM.

const SYLLABLE = /[\p{L}\p{N}]+/gu;
export const MIN_PRIMARY_RESULTS = 5;
export const FORMAT_VERSION = 2;
// Filters drawn from a document's portal (its part), not from the document itself.
export const PART_FILTERS = ["portal", "level", "province"];

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
// A posting list may carry `df`, its token's document count over every part searched (by
// default its own length).
export function intersect(postings, docs) {
  if (!postings.length || postings.some((p) => p.ids.length === 0)) {
    return { ids: new Int32Array(0), scores: new Float64Array(0) };
  }
  const order = [...postings].sort((a, b) => a.ids.length - b.ids.length);
  const first = order[0];
  let ids = first.ids;
  const w0 = idf(docs, first.df ?? first.ids.length);
  let scores = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i += 1) scores[i] = w0 * termScore(first.weights[i]);
  for (const posting of order.slice(1)) {
    const weight = idf(docs, posting.df ?? posting.ids.length);
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

// The filters of the parts searched: filters/<part>.json.gz data (one per part, in `parts`
// order) and the manifest's parts -> {name: {values: [...], labels: [...], of(id) -> [value
// index, ...], totals: [...]}}. Groups drawn from documents (topic, category, year) merge the
// parts' values; groups drawn from the portal (portal, level, province) take the value of the
// part each id was found in (`partOf`: id -> part number).
export function decodeFilters(dataList, names, manifestParts = [], parts = [], partOf = new Map()) {
  const out = {};
  for (const name of names) {
    if (PART_FILTERS.includes(name)) {
      const values = [];
      const labels = [];
      const valueOfPart = new Map();
      const totals = [];
      const field = name === "portal" ? "portal" : name;
      manifestParts.forEach((part, p) => {
        const value = part[field] || "";
        if (!value) return;
        let v = values.indexOf(value);
        if (v < 0) {
          v = values.length;
          values.push(value);
          labels.push(name === "portal" ? part.name || value : value);
          totals.push(0);
        }
        valueOfPart.set(p, v);
        totals[v] += part.docs || 0;
      });
      out[name] = {
        values,
        labels,
        totals,
        partOnly: true,
        valueOfPart,
        of: (id) => {
          const v = valueOfPart.get(partOf.get(id));
          return v === undefined ? [] : [v];
        },
      };
      continue;
    }
    const values = [];
    const index = new Map();
    const byDoc = new Map();
    const totals = [];
    dataList.forEach((data) => {
      const group = data && data[name];
      if (!group) return;
      group.values.forEach((value, k) => {
        let v = index.get(value);
        if (v === undefined) {
          v = values.length;
          index.set(value, v);
          values.push(value);
          totals.push(0);
        }
        const ids = decodeDeltas(group.docs[k] || []);
        totals[v] += ids.length;
        for (const id of ids) {
          const list = byDoc.get(id);
          if (list) list.push(v);
          else byDoc.set(id, [v]);
        }
      });
    });
    out[name] = { values, labels: values, totals, byDoc, of: (id) => byDoc.get(id) || [] };
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
      const has = filters[name].of(id);
      if (!has.some((v) => wanted[name].has(v))) {
        failed += 1;
        failedName = name;
      }
    }
    if (failed === 0) kept.push(id);
    if (failed > 1) continue;
    for (const name of names) {
      if (failed === 1 && failedName !== name) continue;
      for (const v of filters[name].of(id)) tallies[name][v] += 1;
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

// The part numbers a choice of portal, level and province leaves (every part without one).
export function partsFor(manifestParts, chosen) {
  const out = [];
  manifestParts.forEach((part, p) => {
    for (const name of PART_FILTERS) {
      const values = chosen[name] || [];
      if (values.length && !values.includes(part[name] || "")) return;
    }
    out.push(p);
  });
  return out;
}

// ---- the index ----------------------------------------------------------------------------------

// The bytes of a stored file: gzip (magic 1f 8b) is decompressed, anything else is as sent.
export async function storedBytes(response) {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const decoder = new TextDecoder();

export class SearchIndex {
  // base: URL of the index folder (ends with "/").
  constructor(base, fetcher = (url, init) => fetch(url, init)) {
    this.base = new URL(base);
    this.fetcher = fetcher;
    this.manifest = null;
    this.files = new Map(); // path -> promise of its JSON
    this.partOf = new Map(); // doc id -> part number, for the ids found so far
    this.decoded = new Map(); // parts searched ("0,1,...") -> promise of their decoded filters
  }

  async getJson(path, init) {
    const url = new URL(path, this.base);
    if (this.manifest) url.searchParams.set("v", this.manifest.build);
    const response = await this.fetcher(url.href, init);
    if (!response.ok) throw new Error(`search index: ${url.href} answered ${response.status}`);
    return JSON.parse(decoder.decode(await storedBytes(response)));
  }

  // One index file's JSON, fetched once (a failed fetch is tried again next time).
  file(path) {
    let promise = this.files.get(path);
    if (!promise) {
      promise = this.getJson(path);
      promise.catch(() => this.files.delete(path));
      this.files.set(path, promise);
    }
    return promise;
  }

  async open() {
    if (this.manifest) return this.manifest;
    this.opening ||= this.getJson("manifest.json", { cache: "no-cache" }).then((manifest) => {
      const parts = manifest.parts;
      if (
        manifest.version !== FORMAT_VERSION ||
        !(manifest.shards >= 1) ||
        !Array.isArray(parts) ||
        !parts.length ||
        (parts.length > 1 && !parts.every((p) => p.shards >= 1))
      ) {
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

  // Every part number (what a query without a portal choice searches).
  allParts() {
    return this.manifest.parts.map((_, p) => p);
  }

  // Whether `parts` leaves out some part (then their own shards are read).
  restricted(parts) {
    return Boolean(parts) && parts.length < this.manifest.parts.length;
  }

  // {ids: Int32Array ascending, weights: Array} of one token over the whole archive (part
  // null) or one part; empty when absent.
  async partPostings(token, part) {
    await this.open();
    const count = part === null ? this.manifest.shards : this.manifest.parts[part].shards;
    const folder = part === null ? "shards" : `shards/${part}`;
    const shard = await this.file(`${folder}/${shardName(shardOf(token, count), count)}.json.gz`);
    if (!Object.hasOwn(shard, token)) return { ids: new Int32Array(0), weights: [] };
    const [deltas, weights] = shard[token];
    return { ids: decodeDeltas(deltas), weights };
  }

  // The AND of `tokens` over the whole archive, or over `parts` when they leave some out:
  // {ids ascending, scores}, scored as one index of the documents searched.
  async match(tokens, parts = undefined) {
    await this.open();
    if (!this.restricted(parts)) {
      const lists = await Promise.all(tokens.map((t) => this.partPostings(t, null)));
      return intersect(lists, this.manifest.docs);
    }
    const lists = await Promise.all(
      parts.map((p) => Promise.all(tokens.map((t) => this.partPostings(t, p)))),
    );
    const docs = parts.reduce((n, p) => n + this.manifest.parts[p].docs, 0);
    const dfs = tokens.map((_, i) => lists.reduce((n, perPart) => n + perPart[i].ids.length, 0));
    const found = [];
    lists.forEach((perPart, k) => {
      const one = intersect(
        perPart.map((posting, i) => ({ ...posting, df: dfs[i] })),
        docs,
      );
      for (let i = 0; i < one.ids.length; i += 1) {
        this.partOf.set(one.ids[i], parts[k]);
        found.push([one.ids[i], one.scores[i]]);
      }
    });
    if (parts.length > 1) found.sort((a, b) => a[0] - b[0]);
    return {
      ids: Int32Array.from(found, (f) => f[0]),
      scores: Float64Array.from(found, (f) => f[1]),
    };
  }

  // Ordered ids for a plan. sort: "" (relevance) or "newest"; parts: part numbers searched.
  async find(plan, sort = "", parts = undefined) {
    await this.open();
    if (!plan.primary.length) return [];
    const searched = this.restricted(parts) ? parts : undefined;
    const primary = await this.match(plan.primary, searched);
    const newest = sort === "newest";
    let ids = newest ? Array.from(primary.ids).reverse() : rankByScore(primary);
    const fallback = plan.fallback || [];
    const same =
      fallback.length === plan.primary.length && fallback.every((t) => plan.primary.includes(t));
    if (ids.length < MIN_PRIMARY_RESULTS && fallback.length && !same) {
      // Words that are not neighbours in the text ("giải ngân Long An"): every syllable.
      const wide = await this.match(fallback, searched);
      const seen = new Set(ids);
      if (newest) {
        ids = Array.from(new Set([...primary.ids, ...wide.ids])).sort((a, b) => b - a);
      } else {
        ids = ids.concat(rankByScore(wide).filter((id) => !seen.has(id)));
      }
    }
    return ids;
  }

  // The filters over `parts` (default: all), decoded (decodeFilters); the part of every id
  // they list is known from then on.
  async filters(parts = undefined) {
    await this.open();
    const wanted = parts || this.allParts();
    const key = wanted.join(",");
    let promise = this.decoded.get(key);
    if (!promise) {
      promise = Promise.all(wanted.map((p) => this.file(`filters/${p}.json.gz`))).then((data) => {
        data.forEach((part, k) => {
          for (const id of decodeDeltas(part._ids || [])) this.partOf.set(id, wanted[k]);
        });
        return decodeFilters(
          data,
          this.manifest.filters || [],
          this.manifest.parts,
          wanted,
          this.partOf,
        );
      });
      promise.catch(() => this.decoded.delete(key));
      this.decoded.set(key, promise);
    }
    return promise;
  }

  // Counts of every value over the parts (default: the whole archive): {name: {value: count}}.
  async totals(parts = undefined) {
    const filters = await this.filters(parts);
    const wanted = new Set(parts || this.allParts());
    const out = {};
    for (const [name, group] of Object.entries(filters)) {
      out[name] = {};
      group.values.forEach((value, v) => {
        let total = group.totals[v];
        if (group.partOnly) {
          total = 0;
          for (const [p, pv] of group.valueOfPart) {
            if (pv === v && wanted.has(p)) total += this.manifest.parts[p].docs;
          }
        }
        if (total) out[name][value] = total;
      });
    }
    return out;
  }

  // A portal's part in the manifest ({portal, name, level, province, ...}), or null.
  portalPart(key) {
    if (!key || !this.manifest) return null;
    return this.manifest.parts.find((part) => part.portal === key) || null;
  }

  // What a result shows: {title, url, date, category, image, portal, text}.
  async doc(id) {
    await this.open();
    const chunk = id >> this.manifest.chunk_bits;
    const docs = await this.file(`docs/${chunk.toString(16)}.json.gz`);
    const found = docs[String(id)];
    if (!found) throw new Error(`search index: document ${id} is not in its chunk`);
    return found;
  }
}
