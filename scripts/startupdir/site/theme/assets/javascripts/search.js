/* The site search: Material's header field and result list, Pagefind's index.
 *
 * Nothing of the index is fetched while the visitor reads: pagefind.js (and through it
 * its WebAssembly and the index) is imported when the field gets the focus or the first
 * keystroke; each query then fetches only the index chunks and result fragments it needs.
 * Results are built with textContent and attributes; Pagefind's excerpt is rebuilt from its
 * text, its <mark> elements being the only markup kept.
 */
(() => {
  "use strict";

  // This file is assets/javascripts/search.js: the site's root is two folders up.
  const here = document.currentScript ? document.currentScript.src : location.href;
  const root = new URL("../../", here);
  const bundle = new URL("pagefind/pagefind.js", root).href;
  const PAGE = 10; // results shown at once, each one fragment fetched

  const box = document.querySelector("[data-sd-search]");
  if (!box) return;
  // The page's language and strings (partials/search.html: data-lang, and data-messages
  // from the edition's catalogue, keys "search.*" without that prefix).
  const lang = box.dataset.lang || document.documentElement.lang || "fr";
  let messages = {};
  try {
    messages = JSON.parse(box.dataset.messages || "{}");
  } catch {
    messages = {};
  }
  const number = new Intl.NumberFormat(lang);
  const plurals = new Intl.PluralRules(lang);
  function msg(key, params = {}) {
    const text = Object.hasOwn(messages, key) ? messages[key] : key;
    return text.replace(/\{(\w+)\}/g, (all, name) => (Object.hasOwn(params, name) ? String(params[name]) : all));
  }
  function plural(key, n) {
    return msg(`${key}.${plurals.select(n) === "one" ? "one" : "other"}`, { n: number.format(n) });
  }
  const TEXT = {
    loading: msg("loading"),
    failed: msg("failed"),
    none: (q) => msg("none", { q }),
    count: (n) => plural("count", n),
    more: (n) => plural("more", n),
  };
  const form = box.querySelector("form");
  const field = box.querySelector("[data-sd-search-query]");
  const output = box.querySelector("[data-sd-search-result]");
  const meta = output.querySelector(".md-search-result__meta");
  const list = output.querySelector(".md-search-result__list");
  const toggle = document.getElementById("__search");
  const placeholder = meta.textContent.trim();

  let engine = null;
  function load() {
    if (!engine) {
      engine = import(bundle).then(async (pagefind) => {
        await pagefind.options({
          baseUrl: root.pathname,
          excerptLength: 24,
          // A page's title, a profile's tags (its sector, city and stage labels, set by
          // startup.html.j2) and the title of a boosted page (the guide) count as titles;
          // tags slightly more, so that a sector or city lists its startups before its page.
          ranking: { metaWeights: { title: 5, tags: 6, boost: 5 } },
        });
        await pagefind.init();
        return pagefind;
      });
      engine.catch(() => {
        engine = null; // try again at the next query
      });
    }
    return engine;
  }

  const ENTITY = /&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|apos);/gi;
  const NAMED = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
  function decode(text) {
    return text.replace(ENTITY, (_, e) => {
      const name = e.toLowerCase();
      if (name in NAMED) return NAMED[name];
      const code = name[1] === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
    });
  }

  /* Pagefind's excerpt is escaped text with <mark> around the matches: text nodes and
     <mark> elements only, whatever the index holds. */
  function excerpt(target, html) {
    let marked = false;
    for (const part of String(html || "").split(/(<\/?mark>)/)) {
      if (part === "<mark>" || part === "</mark>") {
        marked = part === "<mark>";
        continue;
      }
      if (!part) continue;
      const text = document.createTextNode(decode(part));
      if (marked) {
        const mark = document.createElement("mark");
        mark.append(text);
        target.append(mark);
      } else {
        target.append(text);
      }
    }
  }

  function element(tag, className) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    return node;
  }

  function sameSite(url) {
    try {
      const target = new URL(url, root);
      return target.origin === location.origin ? target.href : null;
    } catch {
      return null;
    }
  }

  function item(data) {
    const href = sameSite(data.url);
    if (!href) return null;
    const li = element("li", "md-search-result__item");
    const link = element("a", "md-search-result__link");
    link.href = href;
    link.tabIndex = -1;
    const article = element("article", "md-search-result__article md-search-result__article--document md-typeset");
    const title = element("h1");
    title.textContent = (data.meta && data.meta.title) || href;
    const teaser = element("p", "md-search-result__teaser");
    excerpt(teaser, data.excerpt);
    article.append(element("div", "md-search-result__icon md-icon"), title, teaser);
    link.append(article);
    li.append(link);
    return li;
  }

  let latest = 0; // the query whose results may be shown; older ones are dropped
  let current = null; // { results, shown, ticket }

  async function show(ticket, results, from) {
    const page = await Promise.all(results.slice(from, from + PAGE).map((r) => r.data()));
    if (ticket !== latest) return;
    const more = list.querySelector(".sd-search-more");
    if (more) more.remove();
    for (const data of page) {
      const li = item(data);
      if (li) list.append(li);
    }
    current.shown = from + page.length;
    const rest = results.length - current.shown;
    if (rest > 0) {
      const li = element("li", "md-search-result__item sd-search-more");
      const button = element("button", "md-search-result__link");
      button.type = "button";
      button.textContent = TEXT.more(Math.min(rest, PAGE));
      button.addEventListener("click", () => show(ticket, results, current.shown));
      li.append(button);
      list.append(li);
    }
  }

  async function run() {
    const ticket = ++latest;
    const query = field.value.trim();
    list.replaceChildren(); // never the results of an older query
    current = null;
    if (!query) {
      meta.textContent = placeholder;
      return;
    }
    meta.textContent = TEXT.loading;
    load()
      .then((pagefind) => pagefind.preload(query)) // this query's index chunks, meanwhile
      .catch(() => {});
    // One search at a time: a query typed while one runs waits, and only the latest runs.
    while (busy) {
      await busy;
      if (ticket !== latest) return;
    }
    busy = find(ticket, query);
    try {
      await busy;
    } finally {
      busy = null;
    }
  }

  let busy = null;
  async function find(ticket, query) {
    let search;
    try {
      const pagefind = await load();
      search = await pagefind.search(query);
    } catch {
      if (ticket === latest) meta.textContent = TEXT.failed;
      return;
    }
    if (ticket !== latest || !search) return;
    const results = search.results;
    meta.textContent = results.length ? TEXT.count(results.length) : TEXT.none(query);
    current = { results, shown: 0 };
    await show(ticket, results, 0);
  }

  function open() {
    if (toggle && !toggle.checked) toggle.checked = true;
    load().catch(() => {});
  }

  function close() {
    if (toggle) toggle.checked = false;
    field.blur();
  }

  function links() {
    return [...list.querySelectorAll(".md-search-result__link")];
  }

  field.addEventListener("focus", open);
  field.addEventListener("input", run);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = links()[0];
    if (first && first.href) location.href = first.href;
  });
  form.addEventListener("reset", () => {
    setTimeout(() => {
      run();
      field.focus();
    });
  });
  if (toggle) {
    toggle.addEventListener("change", () => {
      if (toggle.checked) field.focus();
      else field.blur();
    });
  }

  // Material's shortcuts: « / », « s » or « f » focus the field; in the search, arrows
  // move through the results and Escape closes it.
  function typing(target) {
    return (
      target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
    );
  }

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const inSearch = box.contains(document.activeElement);
    if (!inSearch) {
      if (typing(event.target)) return;
      if (event.key === "/" || event.key === "s" || event.key === "f") {
        event.preventDefault();
        field.focus();
        field.select();
      }
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const all = links();
      if (!all.length) return;
      event.preventDefault();
      const at = all.indexOf(document.activeElement);
      const step = event.key === "ArrowDown" ? 1 : -1;
      const next = at + step;
      if (next < 0) field.focus();
      else all[Math.min(next, all.length - 1)].focus();
    }
  });
})();
