// Search page: Pagefind's JS API, with results down to the transcript segment or paragraph.
// The query and filters live in the URL (?q=...&kind=episode&theme=ID), so searches can be linked.
const PAGE_SIZE = 10;
const ANCHOR = /^(seg|p)-\d+$/;
const STAMP = /^\s*((?:\d+:)?\d{2}:\d{2})\s*/;

const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const labels = {};
for (const box of form.querySelectorAll("input[type=checkbox]")) {
  labels[box.name + ":" + box.value] = box.parentElement.textContent.trim();
}

// The index is sharded (website/search.py): pagefind/bundles.json lists the bundles, the primary
// one in pagefind/ and the others in pagefind/shards/. Pagefind runs every bundle it merges in one
// web worker, one after another; importing each group's own copy of pagefind.js makes a module
// instance, and so a worker, per group: the groups search their bundles on separate cores and
// their results are merged by score, as Pagefind merges bundles itself.
const MAX_WORKERS = 4;
const PRELOAD_DELAY_MS = 150;
const siteRoot = new URL("../", import.meta.url);
const bundleRoot = new URL("pagefind/", siteRoot);

async function openGroup(folders, options) {
  const pagefind = await import(new URL("pagefind.js", folders[0]).href);
  const instance = pagefind.createInstance({ basePath: folders[0].pathname, ...options });
  await instance.init();
  for (const folder of folders.slice(1)) await instance.mergeIndex(folder.pathname, options);
  return instance;
}

const pagefindReady = (async () => {
  const listing = await fetch(new URL("bundles.json", bundleRoot))
    .then((response) => response.ok ? response.json() : { bundles: [] });
  const folders = listing.bundles.map((bundle) => new URL(bundle.folder, bundleRoot));
  if (!folders.length) folders.push(bundleRoot);
  const count = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, MAX_WORKERS, folders.length));
  const options = { baseUrl: siteRoot.pathname };
  const groups = await Promise.all(Array.from({ length: count },
    (_, group) => openGroup(folders.filter((_, i) => i % count === group), options)));
  return {
    async search(query, searchOptions) {
      const searches = await Promise.all(groups.map((group) => group.search(query, searchOptions)));
      return { results: searches.flatMap((found) => found.results).sort((a, b) => b.score - a.score) };
    },
    preload(query) {
      return Promise.all(groups.map((group) => group.preload(query)));
    },
  };
})();
// A site with no index yet is reported when a search is run, not as an error on loading.
pagefindReady.catch(() => {});

function element(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

// Pagefind's excerpts are HTML with <mark>; keep only their text and the marks.
function excerptNodes(html) {
  const body = new DOMParser().parseFromString(html, "text/html").body;
  const nodes = [];
  for (const child of body.childNodes) {
    const text = child.textContent;
    nodes.push(child.nodeName === "MARK" ? element("mark", {}, text) : document.createTextNode(text));
  }
  return nodes;
}

function highlighted(text, terms) {
  const nodes = [];
  for (const piece of text.split(/([\p{L}\p{N}]+)/u)) {
    const lower = piece.toLowerCase();
    const hit = terms.some((term) => lower.startsWith(term) || (term.length > 3 && lower.includes(term)));
    nodes.push(hit ? element("mark", {}, piece) : document.createTextNode(piece));
  }
  return nodes;
}

// The segments (or paragraphs) holding the matched words: the last anchor before each match.
function anchorHits(data) {
  const anchors = (data.anchors || []).filter((a) => ANCHOR.test(a.id)).sort((a, b) => a.location - b.location);
  const hits = [];
  for (const location of data.locations || []) {
    let found = null;
    for (const anchor of anchors) {
      if (anchor.location > location) break;
      found = anchor;
    }
    if (found && !hits.includes(found)) hits.push(found);
  }
  return hits.slice(0, 3);
}

function renderResult(data, terms) {
  const kind = (data.filters.kind || [])[0];
  const meta = [labels["kind:" + kind] || kind];
  if (data.meta.date) meta.push(data.meta.date);
  const item = element("li", { class: "result" },
    element("h2", {}, element("a", { href: data.url }, data.meta.title || data.url)),
    element("p", { class: "meta" }, meta.filter(Boolean).join(" · ")));
  const hits = anchorHits(data);
  if (hits.length) {
    const ul = element("ul", { class: "hits" });
    for (const anchor of hits) {
      const stamp = STAMP.exec(anchor.text);
      const text = (stamp ? anchor.text.slice(stamp[0].length) : anchor.text).trim();
      const link = element("a", { href: data.url + "#" + anchor.id });
      if (stamp) link.append(element("span", { class: "stamp" }, stamp[1]), " ");
      link.append(...highlighted(text, terms));
      ul.append(element("li", {}, link));
    }
    item.append(ul);
  } else if (data.excerpt) {
    item.append(element("p", { class: "excerpt" }, ...excerptNodes(data.excerpt)));
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
// browser's developer tools and for benchmarks/site_build.py: "innocast:search" until the hits
// are ranked, "innocast:results" until the first page of them is shown.
let generation = 0;
let current = { results: [], terms: [], shown: 0 };
async function run() {
  const started = performance.now();
  const query = input.value.trim();
  const filters = {};
  for (const name of ["kind", "theme"]) {
    const values = chosen(name);
    if (values.length) filters[name] = { any: values };
  }
  const mine = ++generation;
  list.replaceChildren();
  more.hidden = true;
  if (!query && !Object.keys(filters).length) {
    status.textContent = "";
    return;
  }
  status.textContent = "Söker …";
  let pagefind;
  try {
    pagefind = await pagefindReady;
  } catch {
    status.textContent = "Det finns ännu inget att söka i.";
    return;
  }
  const search = await pagefind.search(query || null, { filters });
  if (mine !== generation || !search) return;
  performance.measure("innocast:search", { start: started });
  const terms = query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  current = { results: search.results, terms, shown: 0 };
  await showMore(mine);
  if (mine === generation) performance.measure("innocast:results", { start: started });
}

// The next PAGE_SIZE hits of the current search, appended to the list; their items.
async function showMore(mine) {
  const next = current.results.slice(current.shown, current.shown + PAGE_SIZE);
  const datas = await Promise.all(next.map((result) => result.data()));
  if (mine !== generation) return [];
  const items = datas.map((data) => renderResult(data, current.terms));
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
  const items = await showMore(generation);
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

// While the reader types, Pagefind fetches the index chunks the words will need (its own advice
// for search forms), so most of a search's loading is done before it is submitted.
let typing;
input.addEventListener("input", () => {
  clearTimeout(typing);
  const query = input.value.trim();
  if (!query) return;
  typing = setTimeout(
    () => pagefindReady.then((pagefind) => pagefind.preload(query)).catch(() => {}), PRELOAD_DELAY_MS);
});

readUrl();
run();
