// Search page: the site's own index (website/search_bundle.py), ranked here, with results down
// to the transcript segment or paragraph.
// The query and filters live in the URL (?q=...&kind=episode&theme=ID), so searches can be linked.
import { stem } from "./stem.js";

const PAGE_SIZE = 10;
const HITS_PER_RESULT = 3;
const PRELOAD_DELAY_MS = 150;
const WORD = /[\p{L}\p{N}]+/gu;
// A stem that only starts with the query's counts for less than the query's own.
const PREFIX_WEIGHT = 0.7;
// A query's words beyond these are not searched for (a link's ?q= can be any length), and a
// bundle keeps at most so many shards once fetched.
const MAX_WORDS = 10;
const KEPT_SHARDS = 32;

const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const labels = {};
for (const box of form.querySelectorAll("input[type=checkbox]")) {
  labels[box.name + ":" + box.value] = box.parentElement.textContent.trim();
}

const siteRoot = new URL("../", import.meta.url);
const indexRoot = new URL("search-index/", siteRoot);

async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

function hex(text) {
  return Array.from(new TextEncoder().encode(text), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// Every bundle of the index (website/search.py): its pages, dates and filters, and the term
// shards it has, which are fetched when a query needs them.
const bundlesReady = (async () => {
  const listing = await fetchJson(new URL("bundles.json", indexRoot));
  return Promise.all(listing.bundles.map(async (bundle) => {
    const folder = new URL(bundle.folder, indexRoot);
    const entry = await fetchJson(new URL("entry.json", folder));
    return { folder, entry, keys: new Set(entry.shards), shards: new Map() };
  }));
})();
// A site with no index yet is reported when a search is run, not as an error on loading.
bundlesReady.catch(() => {});

// The key of the shard holding a stem: its first letters, as many as the bundle says.
function key(bundle, stemmed) {
  return stemmed.slice(0, bundle.entry.key_letters);
}

// A shard's stems, sorted, with their postings (page-number gaps and weights).
function shard(bundle, key) {
  if (!bundle.keys.has(key)) return Promise.resolve({ terms: [], postings: {} });
  if (!bundle.shards.has(key)) {
    if (bundle.shards.size >= KEPT_SHARDS) bundle.shards.delete(bundle.shards.keys().next().value);
    const loading = fetchJson(new URL(`terms/${hex(key)}.json`, bundle.folder))
      .then((postings) => ({ terms: Object.keys(postings).sort(), postings }));
    loading.catch(() => bundle.shards.delete(key));
    bundle.shards.set(key, loading);
  }
  return bundle.shards.get(key);
}

// The indexed stems a query stem matches in a bundle: itself, and longer ones it starts (Swedish
// stems are prefixes of their words, so "innovation" finds "innovationslabb"); a one-letter
// stem only itself.
async function matches(bundle, queryStem) {
  const { terms, postings } = await shard(bundle, key(bundle, queryStem));
  const found = [];
  let low = 0;
  let high = terms.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (terms[middle] < queryStem) low = middle + 1;
    else high = middle;
  }
  for (let i = low; i < terms.length && terms[i].startsWith(queryStem); i++) {
    if (queryStem.length === 1 && terms[i] !== queryStem) break;
    found.push({ term: terms[i], postings: postings[terms[i]] });
  }
  return found;
}

function queryStems(query) {
  const words = (query.normalize("NFC").toLowerCase().match(WORD) || []).slice(0, MAX_WORDS);
  return [...new Set(words.map(stem).filter(Boolean))];
}

// Which pages of a bundle pass the filters: any of a filter's values, every filter.
function allowed(bundle, filters) {
  const size = bundle.entry.pages.length;
  const pass = new Uint8Array(size).fill(1);
  for (const [name, values] of Object.entries(filters)) {
    const any = new Uint8Array(size);
    for (const value of values) {
      for (const page of (bundle.entry.filters[name] || {})[value] || []) any[page] = 1;
    }
    for (let page = 0; page < size; page++) pass[page] &= any[page];
  }
  return pass;
}

// The pages having every query word, by BM25 over all bundles: each page's weight of a stem
// (computed when indexing) times the stem's inverse document frequency over the whole index.
async function rank(query, filters) {
  const bundles = await bundlesReady;
  const stems = queryStems(query);
  const found = await Promise.all(stems.map((s) => Promise.all(bundles.map((b) => matches(b, s)))));
  const total = bundles.reduce((sum, bundle) => sum + bundle.entry.pages.length, 0);
  const frequency = new Map();
  for (const perBundle of found) {
    for (const terms of perBundle) {
      for (const { term, postings } of terms) {
        frequency.set(term, (frequency.get(term) || 0) + postings.length / 2);
      }
    }
  }
  const results = [];
  bundles.forEach((bundle, b) => {
    const size = bundle.entry.pages.length;
    const pass = allowed(bundle, filters);
    const score = new Float64Array(size);
    const words = new Uint8Array(size);
    stems.forEach((queryStem, s) => {
      const part = new Float64Array(size);
      for (const { term, postings } of found[s][b]) {
        const df = frequency.get(term);
        const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
        const weight = term === queryStem ? idf : idf * PREFIX_WEIGHT * queryStem.length / term.length;
        let page = 0;
        for (let i = 0; i < postings.length; i += 2) {
          page += postings[i];
          part[page] += weight * postings[i + 1] / 100;
        }
      }
      for (let page = 0; page < size; page++) {
        if (part[page] > 0) {
          score[page] += part[page];
          words[page] += 1;
        }
      }
    });
    for (let page = 0; page < size; page++) {
      if (pass[page] && words[page] === stems.length) {
        const name = bundle.entry.pages[page];
        results.push({ bundle, page, name, score: score[page], date: bundle.entry.dates[page] || "" });
      }
    }
  });
  // Best first; equal scores (every hit of filters alone) newest first, then in an order that
  // does not depend on how the index is split into bundles.
  const later = (x, y) => (x < y ? 1 : x > y ? -1 : 0);
  results.sort((a, b) => b.score - a.score || later(a.date, b.date) || later(a.name, b.name));
  return { results, stems };
}

function fragment(result) {
  return fetchJson(new URL(`pages/${result.name}.json`, result.bundle.folder));
}

function element(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

// A word matches a query stem it starts with, or one inside it (a part of a compound word).
function matching(word, stems) {
  return stems.some((s) => word.startsWith(s) || (s.length > 3 && word.includes(s)));
}

function highlighted(text, stems) {
  const nodes = [];
  for (const piece of text.split(/([\p{L}\p{N}]+)/u)) {
    const hit = piece && matching(piece.toLowerCase(), stems);
    nodes.push(hit ? element("mark", {}, piece) : document.createTextNode(piece));
  }
  return nodes;
}

// The segments (or paragraphs) holding the query's words, in the page's order.
function unitHits(data, stems) {
  const hits = [];
  for (const unit of data.units) {
    const words = unit[2].toLowerCase().match(WORD) || [];
    if (words.some((word) => matching(word, stems))) hits.push(unit);
    if (hits.length === HITS_PER_RESULT) break;
  }
  return hits;
}

function renderResult(data, stems) {
  const url = siteRoot.pathname + data.url;
  const meta = [labels["kind:" + data.kind] || data.kind];
  if (data.date) meta.push(data.date);
  const item = element("li", { class: "result" },
    element("h2", {}, element("a", { href: url }, data.title || url)),
    element("p", { class: "meta" }, meta.filter(Boolean).join(" · ")));
  const hits = stems.length ? unitHits(data, stems) : [];
  if (hits.length) {
    const ul = element("ul", { class: "hits" });
    for (const [id, stamp, text] of hits) {
      const link = element("a", { href: url + "#" + id });
      if (stamp) link.append(element("span", { class: "stamp" }, stamp), " ");
      link.append(...highlighted(text, stems));
      ul.append(element("li", {}, link));
    }
    item.append(ul);
  } else if (data.excerpt) {
    item.append(element("p", { class: "excerpt" }, ...highlighted(data.excerpt, stems)));
  }
  return item;
}

function readUrl() {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  for (const box of form.querySelectorAll("input[type=checkbox]")) {
    box.checked = params.getAll(box.name).includes(box.value);
  }
}

function chosen(name) {
  return Array.from(form.querySelectorAll(`input[name=${name}]:checked`), (box) => box.value);
}

// How long each search took is left in the page's performance timeline (User Timing), for the
// browser's developer tools and for the benchmarks: "innocast:search" until the hits are
// ranked, "innocast:results" until the first page of them is shown.
let generation = 0;
let current = { results: [], stems: [], shown: 0 };
async function run() {
  const started = performance.now();
  const query = input.value.trim();
  const filters = {};
  for (const name of ["kind", "theme"]) {
    const values = chosen(name);
    if (values.length) filters[name] = values;
  }
  const mine = ++generation;
  list.replaceChildren();
  more.hidden = true;
  if (!queryStems(query).length && !Object.keys(filters).length) {
    status.textContent = "";
    return;
  }
  status.textContent = "Söker …";
  try {
    await bundlesReady;
  } catch {
    status.textContent = "Det finns ännu inget att söka i.";
    return;
  }
  try {
    const { results, stems } = await rank(query, filters);
    if (mine !== generation) return;
    performance.measure("innocast:search", { start: started });
    current = { results, stems, shown: 0 };
    await showMore(mine);
  } catch {
    if (mine === generation) status.textContent = "Sökningen misslyckades. Försök igen.";
    return;
  }
  if (mine === generation) performance.measure("innocast:results", { start: started });
}

// The next PAGE_SIZE hits of the current search, appended to the list; their items.
async function showMore(mine) {
  const next = current.results.slice(current.shown, current.shown + PAGE_SIZE);
  const datas = await Promise.all(next.map(fragment));
  if (mine !== generation) return [];
  const items = datas.map((data) => renderResult(data, current.stems));
  list.append(...items);
  current.shown += items.length;
  const total = current.results.length;
  status.textContent = total === 0 ? "Inga träffar."
    : total > current.shown ? `Visar ${current.shown} av ${total} träffar.`
    : `${total} ${total === 1 ? "träff" : "träffar"}.`;
  more.hidden = current.shown >= total;
  return items;
}

more.addEventListener("click", async () => {
  more.disabled = true;
  const items = await showMore(generation).catch(() => []);
  more.disabled = false;
  // Keyboard and screen reader users go on from the first new hit, not from the top.
  if (items.length) items[0].querySelector("a").focus();
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const params = new URLSearchParams(new FormData(form));
  if (!input.value.trim()) params.delete("q");
  history.pushState(null, "", "?" + params.toString());
  run();
});
form.addEventListener("change", (event) => {
  if (event.target.type === "checkbox") form.requestSubmit();
});
window.addEventListener("popstate", () => { readUrl(); run(); });

// While the reader types, the shards the words will need are fetched, so most of a search's
// loading is done before it is submitted.
let typing;
input.addEventListener("input", () => {
  clearTimeout(typing);
  const stems = queryStems(input.value);
  if (!stems.length) return;
  typing = setTimeout(() => bundlesReady.then((bundles) => Promise.all(
    stems.flatMap((s) => bundles.map((bundle) => shard(bundle, key(bundle, s)))),
  )).catch(() => {}), PRELOAD_DELAY_MS);
});

readUrl();
run();
