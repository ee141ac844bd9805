/* Faceted explorer of /startups/: progressive enhancement of the static list of cards.
 *
 * Without JavaScript the page lists every card. With it, this script finds
 * <div id="sd-explorer" data-src="../assets/data/explorer.json" data-csv="../api/startups.csv">,
 * loads that compact JSON (built by scripts/startupdir/site/explorer.py), builds the filters
 * inside the element and replaces the content of the list (.sd-cards) with the first page of
 * matching cards. Above the list: the count, removable chips for the active filters, « Copier
 * le lien » and « Télécharger la sélection (CSV) ». On a wide screen the filters are a column
 * beside the results; on a phone they open in a full-screen panel closed by « Voir N startups ».
 *
 * The page gives its edition: data-lang ("fr" or "en": labels, links, numbers), data-url (its
 * profile URL pattern) and data-messages, every string shown here, from the edition's catalogue
 * (site/locales/<lang>.yml, keys "explorer.*" without that prefix, and "card.*"). The same
 * data serves both editions: English labels and taglines ride along in it.
 *
 * Facets are disjunctive: OR within a facet, AND across facets; each option shows how many
 * startups match given the other filters, and an option that would empty the list is
 * disabled. Every startup set is a bitset (one bit per startup), so a change over 10,000
 * startups costs a few thousand word operations. The state lives in the query string
 * (?secteur=fintech&ville=rabat&tour=seed&montant_min=1000000&q=…&tri=annee): pushState on
 * change, popstate restores it, and a shared link opens the same view.
 *
 * No dependency, no build step. Data only ever reaches the page through textContent and
 * attributes, never innerHTML.
 */
(function () {
  "use strict";

  var PAGE = 60; // cards per « Afficher plus », unless the page says (data-page-size)
  var WIDE = "(min-width: 60em)"; // filters beside the results (explorer.css uses the same)
  var CSV_NAME = "startups-selection.csv";

  // key in data.f, column in data.d, URL parameter, legend and chip (message keys), unfolded
  var FACETS = [
    { f: "g", col: "R", param: "tour", legend: "facet.round.legend", chip: "facet.round.chip", open: true },
    { f: "s", col: "S", param: "secteur", legend: "facet.sector.legend", chip: "facet.sector.chip", open: true },
    { f: "c", col: "c", param: "ville", legend: "facet.city.legend", chip: "facet.city.chip", open: true },
    { f: "g", col: "g", param: "stade", legend: "facet.stage.legend", chip: "facet.stage.chip" },
    { f: "n", col: "N", param: "besoin", legend: "facet.need.legend", chip: "facet.need.chip" },
    { f: "p", col: "P", param: "programme", legend: "facet.program.legend", chip: "facet.program.chip" },
    { f: "b", col: "b", param: "modele", legend: "facet.model.legend", chip: "facet.model.chip" },
  ];
  var TOGGLES = [
    { col: "r", param: "levee", label: "toggle.raising" },
    { col: "h", param: "recrute", label: "toggle.hiring" },
  ];
  // A startup matches a range when its column lies between the two bounds (either optional).
  var RANGES = [
    {
      col: "M", from: "montant_min", to: "montant_max", amount: true, open: true,
      legend: "amount.legend", hint: "amount.hint", chips: ["amount.between", "amount.from", "amount.to"],
    },
    { col: "y", from: "de", to: "a", legend: "year.legend", chips: ["year.between", "year.from", "year.to"] },
  ];
  var SORTS = [
    ["nom", "sort.name"],
    ["annee", "sort.year"],
    ["maj", "sort.updated"],
  ];

  // ---------------------------------------------------------------------------
  // The page's edition: its language and strings (set by the explorer from its element)

  var LANG = "fr";
  var MESSAGES = {};
  var NUMBER = null;
  var MILLIONS = null;
  var PLURALS = null;

  function edition(lang, messages) {
    LANG = lang || "fr";
    MESSAGES = messages || {};
    NUMBER = new Intl.NumberFormat(LANG);
    // As the site's compact amounts: at most two decimals, no grouping (« 2,5 », "2.5").
    MILLIONS = new Intl.NumberFormat(LANG, { maximumFractionDigits: 2, useGrouping: false });
    PLURALS = new Intl.PluralRules(LANG);
  }

  /** The message ``key``, its {name} placeholders filled from ``params``. */
  function msg(key, params) {
    var text = Object.prototype.hasOwnProperty.call(MESSAGES, key) ? MESSAGES[key] : key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : all;
    });
  }

  /** ``key``.one or ``key``.other as the language counts ``n`` ({n}: the number written). */
  function plural(key, n) {
    var form = PLURALS.select(n) === "one" ? ".one" : ".other";
    return msg(key + form, { n: number(n) });
  }

  // ---------------------------------------------------------------------------
  // Small helpers

  function number(n) {
    return NUMBER.format(n);
  }

  /** « 12 startups », "no startups". */
  function startups(n) {
    return n === 0 ? msg("startups.none") : plural("startups", n);
  }

  function capitalised(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  /** « 6 M », « 2,5 M », « 800 000 » / "6M", "2.5M", "800,000": as views.Card.funding
   * (i18n.Catalogue.compact_amount). */
  function amount(value) {
    if (value < 1000000) return number(value);
    return msg("amount.millions", { n: MILLIONS.format(value / 1000000) });
  }

  /** What a visitor types as an amount: « 2 000 000 », « 2M », « 2,5 M », « 500k »; on the
   * English page "500,000" and "1,500,000" too (commas there group thousands).
   * Returns null for an empty box and NaN while the text is not an amount yet. */
  function parseAmount(text) {
    var compact = text.replace(/[\s\u00a0\u202f]/g, "").toLowerCase();
    if (!compact) return null;
    if (LANG === "en") {
      compact = compact.replace(/^(?:mad|dh)?\d{1,3}(?:,\d{3})+(?![,\d])/, function (digits) {
        return digits.replace(/,/g, "");
      });
    }
    var match = /^(?:mad|dh)?(\d+(?:[.,]\d+)?)(k|m)?(?:mad|dh)?$/.exec(compact);
    if (!match) return NaN;
    var unit = match[2] === "m" ? 1000000 : match[2] === "k" ? 1000 : 1;
    return Math.round(parseFloat(match[1].replace(",", ".")) * unit);
  }

  function parseYear(text) {
    var value = text.trim();
    if (!value) return null;
    return /^\d{4}$/.test(value) ? parseInt(value, 10) : NaN;
  }

  /** Lower case, no accents, single spaces: "Équipe" and "equipe" fold alike. */
  function fold(text) {
    return text
      .toLowerCase()
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe")
      .replace(/æ/g, "ae")
      .replace(/\s+/g, " ")
      .trim();
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(className, text) {
    var node = el("button", className, text);
    node.type = "button";
    return node;
  }

  function nl(parent) {
    parent.appendChild(document.createTextNode("\n"));
  }

  /** The records of a CSV text (RFC 4180, CRLF line ends) as they are written, quotes kept. */
  function csvRecords(text) {
    var records = [];
    var start = 0;
    var quoted = false;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c === 34) quoted = !quoted;
      else if (c === 13 && !quoted && text.charCodeAt(i + 1) === 10) {
        records.push(text.slice(start, i));
        start = i + 2;
        i++;
      }
    }
    if (start < text.length) records.push(text.slice(start));
    return records;
  }

  // Bitsets: one bit per startup in Uint32Array words.
  function bits(n) {
    return new Uint32Array((n + 31) >>> 5);
  }
  function setBit(b, i) {
    b[i >>> 5] |= 1 << (i & 31);
  }
  function hasBit(b, i) {
    return (b[i >>> 5] >>> (i & 31)) & 1;
  }
  function pop(x) {
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  }
  function countAnd(a, b) {
    var c = 0;
    for (var w = 0; w < a.length; w++) c += pop(a[w] & b[w]);
    return c;
  }
  function countAll(a) {
    var c = 0;
    for (var w = 0; w < a.length; w++) c += pop(a[w]);
    return c;
  }
  function andInto(target, other) {
    for (var w = 0; w < target.length; w++) target[w] &= other[w];
  }

  /** The page's messages (data-messages, JSON), {} when absent or unreadable. */
  function pageMessages(root) {
    try {
      return JSON.parse(root.getAttribute("data-messages") || "{}");
    } catch (error) {
      return {};
    }
  }

  /** Each facet's terms as [id, label, url] in the page's language (url undefined for the
   * business models): the English labels and links of data.en on the English page. */
  function facetTerms(data, lang) {
    var own = (lang !== "fr" && data[lang] && data[lang].f) || {};
    var terms = {};
    Object.keys(data.f).forEach(function (key) {
      terms[key] = data.f[key].map(function (row, i) {
        var local = own[key] && own[key][i];
        if (local) return [row[0], local[0], local[1]];
        return [row[0], row[1], key === "s" ? row[3] : row[2]];
      });
    });
    return terms;
  }

  // ---------------------------------------------------------------------------
  // The explorer

  function Explorer(root, list, data) {
    this.root = root;
    this.list = list;
    this.data = data;
    edition(root.getAttribute("data-lang") || document.documentElement.lang, pageMessages(root));
    this.terms = facetTerms(data, LANG);
    var own = LANG !== "fr" && data[LANG];
    this.profileUrl = root.getAttribute("data-url") || (own && own.u) || data.u;
    this.base = root.getAttribute("data-base");
    if (this.base === null) {
      this.base = (root.getAttribute("data-src") || "").replace(/assets\/data\/[^/]*$/, "");
    }
    this.csvUrl = root.getAttribute("data-csv");
    this.pageSize = parseInt(root.getAttribute("data-page-size"), 10) || PAGE;
    this.wide = window.matchMedia ? window.matchMedia(WIDE) : { matches: true };
    this.prepare();
    this.build();
    this.state = this.fromURL();
    this.syncControls();
    this.update();
  }

  Explorer.prototype.prepare = function () {
    var d = this.data.d;
    var n = (this.n = d.n.length);
    var all = (this.all = bits(n));
    for (var i = 0; i < n; i++) setBit(all, i);
    this.search = new Array(n);
    // Name and French tagline, and the English tagline and text when the profile has them,
    // whatever the page's language.
    for (i = 0; i < n; i++) {
      this.search[i] = fold(d.n[i] + " " + d.t[i] + (d.T ? " " + d.T[i] + " " + d.X[i] : ""));
    }

    this.groups = [];
    var self = this;
    FACETS.forEach(function (facet) {
      var terms = self.terms[facet.f];
      var sets = terms.map(function () {
        return bits(n);
      });
      var column = d[facet.col];
      for (var i = 0; i < n; i++) {
        var value = column[i];
        if (typeof value === "number") setBit(sets[value], i);
        else for (var k = 0; k < value.length; k++) setBit(sets[value[k]], i);
      }
      self.groups.push({ facet: facet, terms: terms, sets: sets, ids: terms.map((t) => t[0]) });
    });
    TOGGLES.forEach(function (toggle) {
      var set = bits(n);
      var column = d[toggle.col];
      for (var i = 0; i < n; i++) if (column[i]) setBit(set, i);
      self.groups.push({ toggle: toggle, sets: [set] });
    });

    this.bounds = {};
    RANGES.forEach(function (range) {
      var low = Infinity;
      var high = -Infinity;
      d[range.col].forEach(function (v) {
        if (v > 0 && v < low) low = v;
        if (v > high) high = v;
      });
      self.bounds[range.col] = [low, high];
    });
    var years = d.y;
    var byName = [];
    for (i = 0; i < n; i++) byName.push(i);
    var updated = d.m;
    this.orders = {
      nom: byName,
      annee: byName.slice().sort(function (a, b) {
        return years[b] - years[a] || a - b;
      }),
      maj: byName.slice().sort(function (a, b) {
        return updated[a] < updated[b] ? 1 : updated[a] > updated[b] ? -1 : a - b;
      }),
    };
  };

  // -- building the controls --------------------------------------------------

  Explorer.prototype.build = function () {
    var root = this.root;
    root.textContent = "";
    root.classList.add("sd-explorer");
    root.setAttribute("aria-labelledby", "sd-x-title");
    var layout = root.parentNode;
    if (layout.classList.contains("sd-explorer-layout")) {
      layout.classList.add("sd-explorer-layout--ready");
    }
    this.buildPanel();
    this.buildBar();
    this.buildEmpty();
    var staticCount = document.getElementById("sd-count");
    if (staticCount) staticCount.hidden = true;
    // The static list's page links: the explorer pages its results itself.
    var pages = document.querySelector(".sd-directory-pages");
    if (pages) pages.hidden = true;
    var self = this;
    window.addEventListener("popstate", function () {
      self.lastSource = null;
      self.state = self.fromURL();
      self.syncControls();
      self.update();
    });
    if (this.wide.addEventListener) {
      this.wide.addEventListener("change", function () {
        if (self.wide.matches) self.closePanel(false);
      });
    }
  };

  Explorer.prototype.buildPanel = function () {
    var self = this;
    var root = this.root;
    var head = el("div", "sd-explorer__head");
    var title = (this.title = el("h2", "sd-explorer__title", msg("filters")));
    title.id = "sd-x-title";
    title.tabIndex = -1;
    head.appendChild(title);
    var cross = button("sd-explorer__x", "×");
    cross.setAttribute("aria-label", msg("close"));
    cross.addEventListener("click", function () {
      self.closePanel(true);
    });
    head.appendChild(cross);
    root.appendChild(head);

    var form = el("form", "sd-explorer__form");
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", msg("form"));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!self.wide.matches) self.closePanel(true);
    });

    var search = el("div", "sd-explorer__field sd-explorer__search");
    var label = el("label", "", msg("search"));
    label.htmlFor = "sd-x-q";
    var input = (this.input = el("input"));
    input.type = "search";
    input.id = "sd-x-q";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.addEventListener("input", function () {
      self.state.q = input.value;
      self.changed("q");
    });
    search.appendChild(label);
    search.appendChild(input);
    form.appendChild(search);

    var sort = el("div", "sd-explorer__field");
    label = el("label", "", msg("sort"));
    label.htmlFor = "sd-x-tri";
    var select = (this.select = el("select"));
    select.id = "sd-x-tri";
    SORTS.forEach(function (item) {
      var option = el("option", "", msg(item[1]));
      option.value = item[0];
      select.appendChild(option);
    });
    select.addEventListener("change", function () {
      self.state.tri = select.value;
      self.changed("tri");
    });
    sort.appendChild(label);
    sort.appendChild(select);
    form.appendChild(sort);

    var toggles = el("fieldset", "sd-explorer__toggles");
    toggles.appendChild(el("legend", "", msg("now")));
    this.groups.forEach(function (group) {
      if (!group.toggle) return;
      var option = self.option(group.toggle.param, "1", msg(group.toggle.label), "");
      group.options = [option];
      option.input.addEventListener("change", function () {
        self.state.toggles[group.toggle.param] = option.input.checked;
        self.changed(group.toggle.param);
      });
      toggles.appendChild(option.label);
    });
    form.appendChild(toggles);

    this.groups.forEach(function (group) {
      if (!group.facet) return;
      form.appendChild(self.facet(group));
      if (group.facet.param === "tour") form.appendChild(self.range(RANGES[0]));
    });
    form.appendChild(self.range(RANGES[1]));

    var reset = button("sd-explorer__reset md-button", msg("reset"));
    reset.addEventListener("click", function () {
      self.clear();
      self.input.focus();
    });
    form.appendChild(reset);
    root.appendChild(form);

    var foot = el("div", "sd-explorer__foot");
    this.show = button("sd-explorer__close md-button md-button--primary");
    this.show.addEventListener("click", function () {
      self.closePanel(true);
    });
    foot.appendChild(this.show);
    root.appendChild(foot);

    root.addEventListener("keydown", function (event) {
      if (!root.classList.contains("sd-explorer--open")) return;
      if (event.key === "Escape") {
        event.preventDefault();
        self.closePanel(true);
      } else if (event.key === "Tab") {
        self.trapFocus(event);
      }
    });
  };

  /** A facet: a <details> (unfolded while it has a selection) around its checkboxes. */
  Explorer.prototype.facet = function (group) {
    var self = this;
    var details = (group.details = el("details", "sd-facet"));
    details.open = Boolean(group.facet.open);
    var legend = msg(group.facet.legend);
    var summary = el("summary", "sd-facet__summary", legend);
    group.badge = el("span", "sd-facet__selected");
    summary.appendChild(group.badge);
    details.appendChild(summary);
    var fieldset = el("fieldset", "sd-facet__fieldset");
    fieldset.appendChild(el("legend", "sd-facet__legend", legend));
    var ul = el("ul", "sd-facet__options");
    group.options = group.terms.map(function (term, index) {
      var css = group.facet.f === "s" ? "sd-s-" + term[0] : "";
      var option = self.option(group.facet.param, term[0], term[1], css);
      option.input.addEventListener("change", function () {
        var selected = self.state.facets[group.facet.param];
        if (option.input.checked) selected.add(index);
        else selected.delete(index);
        self.changed(group.facet.param);
      });
      var li = el("li");
      li.appendChild(option.label);
      ul.appendChild(li);
      return option;
    });
    fieldset.appendChild(ul);
    details.appendChild(fieldset);
    return details;
  };

  /** A range: two text boxes, « De » and « à », read as the visitor types. */
  Explorer.prototype.range = function (range) {
    var self = this;
    var details = (range.details = el("details", "sd-facet sd-range"));
    details.open = Boolean(range.open);
    var legend = msg(range.legend);
    details.appendChild(el("summary", "sd-facet__summary", legend));
    var fieldset = el("fieldset", "sd-facet__fieldset");
    fieldset.appendChild(el("legend", "sd-facet__legend", legend));
    var parse = range.amount ? parseAmount : parseYear;
    var bounds = this.bounds[range.col];
    range.inputs = {};
    [
      [range.from, msg("range.from"), bounds[0]],
      [range.to, msg("range.to"), bounds[1]],
    ].forEach(function (item) {
      var wrap = el("span", "sd-range__bound");
      var box = el("input");
      box.type = "text";
      box.id = "sd-x-" + item[0];
      box.inputMode = "numeric";
      box.autocomplete = "off";
      box.placeholder = isFinite(item[2]) ? (range.amount ? amount(item[2]) : String(item[2])) : "";
      var lab = el("label", "", item[1]);
      lab.htmlFor = box.id;
      box.addEventListener("input", function () {
        var value = parse(box.value);
        if (value !== value) return; // NaN: still typing
        self.state.ranges[item[0]] = value;
        self.changed(item[0]);
      });
      wrap.appendChild(lab);
      wrap.appendChild(box);
      fieldset.appendChild(wrap);
      range.inputs[item[0]] = box;
    });
    if (range.hint) fieldset.appendChild(el("p", "sd-range__hint", msg(range.hint)));
    details.appendChild(fieldset);
    return details;
  };

  Explorer.prototype.option = function (name, value, text, css) {
    var label = el("label", "sd-facet__option");
    var input = el("input");
    input.type = "checkbox";
    input.name = name;
    input.value = value;
    label.appendChild(input);
    if (css) {
      var swatch = el("span", "sd-facet__swatch " + css);
      swatch.setAttribute("aria-hidden", "true");
      label.appendChild(swatch);
    }
    label.appendChild(el("span", "sd-facet__label", text));
    var count = el("span", "sd-facet__count");
    label.appendChild(count);
    return { label: label, input: input, count: count };
  };

  /** Above the list: filters button (phone), count, actions, chips, notices. */
  Explorer.prototype.buildBar = function () {
    var self = this;
    var bar = (this.bar = el("div", "sd-explorer__bar"));
    var line = el("div", "sd-explorer__line");
    var toggle = (this.toggle = button("sd-explorer__toggle md-button"));
    toggle.setAttribute("aria-controls", this.root.id);
    toggle.setAttribute("aria-expanded", "false");
    toggle.addEventListener("click", function () {
      self.openPanel();
    });
    line.appendChild(toggle);
    this.count = el("p", "sd-explorer__count");
    this.count.setAttribute("role", "status");
    this.count.setAttribute("aria-live", "polite");
    this.count.tabIndex = -1;
    line.appendChild(this.count);
    var actions = el("div", "sd-explorer__actions");
    var copy = button("sd-explorer__action sd-explorer__copy", msg("copy"));
    copy.addEventListener("click", function () {
      self.copyLink();
    });
    actions.appendChild(copy);
    if (this.csvUrl) {
      var csv = (this.csvButton = button(
        "sd-explorer__action sd-explorer__csv",
        msg("csv")
      ));
      csv.addEventListener("click", function () {
        self.download();
      });
      actions.appendChild(csv);
    }
    line.appendChild(actions);
    bar.appendChild(line);
    this.chips = el("ul", "sd-explorer__chips");
    this.chips.setAttribute("aria-label", msg("chips"));
    bar.appendChild(this.chips);
    this.notice = el("p", "sd-explorer__notice");
    this.notice.setAttribute("role", "status");
    bar.appendChild(this.notice);
    this.list.parentNode.insertBefore(bar, this.list);
  };

  Explorer.prototype.buildEmpty = function () {
    var self = this;
    this.empty = el("div", "sd-explorer__empty");
    this.empty.hidden = true;
    this.empty.appendChild(el("p", "sd-empty", msg("empty")));
    this.suggestions = el("ul", "sd-explorer__suggestions");
    this.empty.appendChild(this.suggestions);
    this.more = button("sd-explorer__more md-button", msg("more"));
    this.more.hidden = true;
    this.more.addEventListener("click", function () {
      self.showMore();
    });
    this.list.parentNode.insertBefore(this.empty, this.list.nextSibling);
    this.list.parentNode.insertBefore(this.more, this.empty.nextSibling);
  };

  // -- the phone's panel --------------------------------------------------------

  Explorer.prototype.openPanel = function () {
    var root = this.root;
    root.classList.add("sd-explorer--open");
    root.setAttribute("role", "dialog");
    root.setAttribute("aria-modal", "true");
    document.documentElement.classList.add("sd-explorer-lock");
    this.toggle.setAttribute("aria-expanded", "true");
    this.title.focus();
  };

  Explorer.prototype.closePanel = function (user) {
    var root = this.root;
    if (!root.classList.contains("sd-explorer--open")) return;
    root.classList.remove("sd-explorer--open");
    root.removeAttribute("role");
    root.removeAttribute("aria-modal");
    document.documentElement.classList.remove("sd-explorer-lock");
    this.toggle.setAttribute("aria-expanded", "false");
    if (!user) return;
    this.reveal();
    this.toggle.focus({ preventScroll: true });
  };

  Explorer.prototype.trapFocus = function (event) {
    var items = Array.prototype.filter.call(
      this.root.querySelectorAll("button, input, select, summary, h2[tabindex]"),
      function (node) {
        return !node.disabled && node.offsetParent !== null;
      }
    );
    if (!items.length) return;
    var first = items[0];
    var last = items[items.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  /** Scrolls the results' top (count and chips) into view when it or the first result is
   * off screen, below Material's sticky header. */
  Explorer.prototype.reveal = function () {
    var target = this.list.firstElementChild || this.empty;
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    var bar = this.bar.getBoundingClientRect().top;
    var first = target.getBoundingClientRect().top;
    if (bar < top || first > window.innerHeight - 80) this.bar.scrollIntoView({ block: "start" });
  };

  // -- state ------------------------------------------------------------------

  Explorer.prototype.emptyState = function () {
    var state = { q: "", tri: "nom", facets: {}, toggles: {}, ranges: {} };
    FACETS.forEach(function (facet) {
      state.facets[facet.param] = new Set();
    });
    TOGGLES.forEach(function (toggle) {
      state.toggles[toggle.param] = false;
    });
    RANGES.forEach(function (range) {
      state.ranges[range.from] = null;
      state.ranges[range.to] = null;
    });
    return state;
  };

  Explorer.prototype.fromURL = function () {
    var params = new URLSearchParams(window.location.search);
    var state = this.emptyState();
    state.q = params.get("q") || "";
    var tri = params.get("tri");
    if (SORTS.some((s) => s[0] === tri)) state.tri = tri;
    RANGES.forEach(function (range) {
      [range.from, range.to].forEach(function (key) {
        var value = params.get(key);
        var pattern = range.amount ? /^\d{1,12}$/ : /^\d{4}$/;
        if (value && pattern.test(value)) state.ranges[key] = parseInt(value, 10);
      });
    });
    this.groups.forEach(function (group) {
      if (group.facet) {
        params.getAll(group.facet.param).forEach(function (id) {
          var index = group.ids.indexOf(id);
          if (index >= 0) state.facets[group.facet.param].add(index);
        });
      } else {
        state.toggles[group.toggle.param] = params.get(group.toggle.param) === "1";
      }
    });
    return state;
  };

  Explorer.prototype.toQuery = function () {
    var state = this.state;
    var params = new URLSearchParams();
    if (state.q.trim()) params.set("q", state.q.trim());
    this.groups.forEach(function (group) {
      if (group.facet) {
        Array.from(state.facets[group.facet.param])
          .sort((a, b) => a - b)
          .forEach(function (index) {
            params.append(group.facet.param, group.ids[index]);
          });
      } else if (state.toggles[group.toggle.param]) {
        params.set(group.toggle.param, "1");
      }
    });
    RANGES.forEach(function (range) {
      [range.from, range.to].forEach(function (key) {
        if (state.ranges[key] !== null) params.set(key, String(state.ranges[key]));
      });
    });
    if (state.tri !== "nom") params.set("tri", state.tri);
    var query = params.toString();
    return query ? "?" + query : "";
  };

  Explorer.prototype.syncControls = function () {
    var state = this.state;
    this.input.value = state.q;
    this.select.value = state.tri;
    RANGES.forEach(function (range) {
      var chosen = false;
      [range.from, range.to].forEach(function (key) {
        var value = state.ranges[key];
        var box = range.inputs[key];
        if (document.activeElement === box && value !== null) return; // the visitor's own text
        box.value = value === null ? "" : range.amount ? amount(value) : String(value);
        chosen = chosen || value !== null;
      });
      if (chosen) range.details.open = true;
    });
    this.groups.forEach(function (group) {
      group.options.forEach(function (option, index) {
        option.input.checked = group.facet
          ? state.facets[group.facet.param].has(index)
          : state.toggles[group.toggle.param];
      });
      if (group.details && state.facets[group.facet.param].size) group.details.open = true;
    });
  };

  Explorer.prototype.clear = function () {
    this.state = Object.assign(this.emptyState(), { tri: this.state.tri });
    this.syncControls();
    this.changed("reset");
  };

  /** A control changed: update, then record the state in history. Typing in one text box
   * replaces its own history entry instead of adding one per key. */
  Explorer.prototype.changed = function (source) {
    this.update();
    if (this.wide.matches) this.reveal();
    var url = window.location.pathname + this.toQuery() + window.location.hash;
    if (url === window.location.pathname + window.location.search + window.location.hash) {
      return;
    }
    var typing = source === "q" || this.state.ranges.hasOwnProperty(source);
    if (typing && this.lastSource === source) window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
    this.lastSource = source;
  };

  // -- filtering ----------------------------------------------------------------

  Explorer.prototype.selection = function (group, state) {
    var set;
    if (group.facet) {
      var selected = state.facets[group.facet.param];
      if (!selected.size) return null;
      set = bits(this.n);
      selected.forEach(function (index) {
        var values = group.sets[index];
        for (var w = 0; w < set.length; w++) set[w] |= values[w];
      });
      return set;
    }
    return state.toggles[group.toggle.param] ? group.sets[0] : null;
  };

  /** The startups that pass the text and the ranges. */
  Explorer.prototype.baseSet = function (state) {
    var words = fold(state.q).split(" ").filter(Boolean);
    var d = this.data.d;
    var ranges = RANGES.map(function (range) {
      var from = state.ranges[range.from];
      var to = state.ranges[range.to];
      if (from === null && to === null) return null;
      return {
        values: d[range.col],
        from: from === null ? 1 : from, // 0 means "not given": it never matches a bound
        to: to === null ? Infinity : to,
      };
    }).filter(Boolean);
    var base = this.all.slice();
    if (!words.length && !ranges.length) return base;
    var search = this.search;
    base.fill(0);
    for (var i = 0; i < this.n; i++) {
      var ok = true;
      for (var r = 0; r < ranges.length && ok; r++) {
        var value = ranges[r].values[i];
        ok = value >= ranges[r].from && value <= ranges[r].to;
      }
      var text = search[i];
      for (var k = 0; k < words.length && ok; k++) ok = text.indexOf(words[k]) !== -1;
      if (ok) setBit(base, i);
    }
    return base;
  };

  Explorer.prototype.result = function (state) {
    var self = this;
    var result = this.baseSet(state);
    this.groups.forEach(function (group) {
      var set = self.selection(group, state);
      if (set) andInto(result, set);
    });
    return result;
  };

  Explorer.prototype.update = function () {
    var self = this;
    var state = this.state;
    var base = this.baseSet(state);
    var selections = this.groups.map(function (group) {
      return self.selection(group, state);
    });
    var result = base.slice();
    selections.forEach(function (set) {
      if (set) andInto(result, set);
    });
    // Counts per option: the other groups' selections apply, not the group's own.
    this.groups.forEach(function (group, g) {
      if (group.badge) {
        var chosen = state.facets[group.facet.param].size;
        group.badge.textContent = chosen ? plural("selected", chosen) : "";
      }
      var others = base.slice();
      selections.forEach(function (set, h) {
        if (set && h !== g) andInto(others, set);
      });
      group.options.forEach(function (option, index) {
        var count = countAnd(others, group.sets[index]);
        option.count.textContent = " (" + number(count) + ")";
        var none = count === 0 && !option.input.checked;
        option.input.disabled = none; // a live choice never empties the list
        option.label.classList.toggle("sd-facet__option--none", none);
      });
    });
    var order = this.orders[state.tri];
    var matches = [];
    for (var i = 0; i < order.length; i++) if (hasBit(result, order[i])) matches.push(order[i]);
    this.matches = matches;
    this.shown = 0;
    this.count.textContent = capitalised(startups(matches.length));
    this.show.textContent = matches.length
      ? msg("show", { startups: startups(matches.length) })
      : msg("show_none");
    this.list.textContent = "";
    this.notice.textContent = "";
    var chips = this.activeFilters();
    this.renderChips(chips);
    this.toggle.textContent = chips.length
      ? msg("filters_count", { n: number(chips.length) })
      : msg("filters");
    this.empty.hidden = matches.length > 0;
    if (this.csvButton) this.csvButton.disabled = !matches.length;
    if (!matches.length) this.suggest(chips);
    this.render();
  };

  // -- chips and suggestions ------------------------------------------------------

  /** The active filters, each with its chip's text and how to remove it from a state. */
  Explorer.prototype.activeFilters = function () {
    var state = this.state;
    var chips = [];
    if (state.q.trim()) {
      chips.push({
        label: msg("chip.search", { q: state.q.trim() }),
        remove: function (s) {
          s.q = "";
        },
      });
    }
    this.groups.forEach(function (group) {
      if (group.toggle) {
        if (!state.toggles[group.toggle.param]) return;
        chips.push({
          label: msg(group.toggle.label),
          remove: function (s) {
            s.toggles[group.toggle.param] = false;
          },
        });
        return;
      }
      Array.from(state.facets[group.facet.param])
        .sort((a, b) => a - b)
        .forEach(function (index) {
          chips.push({
            label: msg(group.facet.chip, { label: group.terms[index][1] }),
            remove: function (s) {
              s.facets[group.facet.param].delete(index);
            },
          });
        });
    });
    RANGES.forEach(function (range) {
      var from = state.ranges[range.from];
      var to = state.ranges[range.to];
      if (from === null && to === null) return;
      chips.push({
        label: rangeLabel(range, from, to),
        remove: function (s) {
          s.ranges[range.from] = null;
          s.ranges[range.to] = null;
        },
      });
    });
    return chips;
  };

  function rangeLabel(range, from, to) {
    var write = range.amount ? amount : String;
    var params = { from: from === null ? "" : write(from), to: to === null ? "" : write(to) };
    var key = from !== null && to !== null ? 0 : from !== null ? 1 : 2;
    return msg(range.chips[key], params);
  }

  /** A copy of the state without one filter. */
  Explorer.prototype.without = function (chip) {
    var state = this.state;
    var copy = Object.assign({}, state, {
      facets: {},
      toggles: Object.assign({}, state.toggles),
      ranges: Object.assign({}, state.ranges),
    });
    Object.keys(state.facets).forEach(function (key) {
      copy.facets[key] = new Set(state.facets[key]);
    });
    chip.remove(copy);
    return copy;
  };

  Explorer.prototype.removeFilter = function (chip, source) {
    this.state = this.without(chip);
    this.syncControls();
    this.changed(source);
  };

  Explorer.prototype.renderChips = function (chips) {
    var self = this;
    var list = this.chips;
    list.textContent = "";
    list.hidden = !chips.length;
    chips.forEach(function (chip, index) {
      var li = el("li");
      var remove = button("sd-explorer__chip", chip.label);
      remove.setAttribute("aria-label", msg("chip.remove", { label: chip.label }));
      remove.appendChild(el("span", "sd-explorer__chip-x", "×")).setAttribute("aria-hidden", "true");
      remove.addEventListener("click", function () {
        self.removeFilter(chip, "chip");
        var next = self.chips.querySelectorAll("button")[index] || self.chips.querySelector("button");
        (next || self.count).focus({ preventScroll: true });
      });
      li.appendChild(remove);
      list.appendChild(li);
    });
    if (chips.length > 1) {
      var li = el("li");
      var clear = button("sd-explorer__chip sd-explorer__chip--clear", msg("clear_all"));
      clear.addEventListener("click", function () {
        self.clear();
        self.count.focus({ preventScroll: true });
      });
      li.appendChild(clear);
      list.appendChild(li);
    }
  };

  /** With no result: the filters whose removal brings back the most startups. */
  Explorer.prototype.suggest = function (chips) {
    var self = this;
    var list = this.suggestions;
    list.textContent = "";
    var options = chips
      .map(function (chip) {
        return { chip: chip, count: countAll(self.result(self.without(chip))) };
      })
      .filter(function (option) {
        return option.count > 0;
      })
      .sort(function (a, b) {
        return b.count - a.count;
      })
      .slice(0, 3);
    list.hidden = !chips.length;
    if (!chips.length) return;
    var lead = options.length ? msg("suggest.lead") : msg("suggest.none");
    list.appendChild(el("li", "sd-explorer__suggestions-lead", lead));
    options.forEach(function (option) {
      self.relax(
        msg("suggest.remove", { label: option.chip.label, startups: startups(option.count) }),
        function () {
          self.removeFilter(option.chip, "suggestion");
        }
      );
    });
    if (!options.length) {
      this.relax(msg("suggest.clear", { startups: startups(this.n) }), function () {
        self.clear();
      });
    }
  };

  Explorer.prototype.relax = function (text, action) {
    var self = this;
    var li = el("li");
    var relax = button("sd-explorer__relax md-button", text);
    relax.addEventListener("click", function () {
      action();
      self.count.focus({ preventScroll: true });
    });
    li.appendChild(relax);
    this.suggestions.appendChild(li);
  };

  // -- sharing the view -----------------------------------------------------------

  Explorer.prototype.say = function (text) {
    this.notice.textContent = text;
  };

  Explorer.prototype.copyLink = function () {
    var self = this;
    var url = window.location.href;
    var done = function () {
      self.say(msg("copied"));
    };
    var fallback = function () {
      var area = el("textarea");
      area.value = url;
      area.setAttribute("readonly", "");
      area.className = "sd-visually-hidden";
      document.body.appendChild(area);
      area.select();
      var copied = false;
      try {
        copied = document.execCommand("copy");
      } catch (error) {
        copied = false;
      }
      area.remove();
      if (copied) done();
      else self.say(msg("copy_this", { url: url }));
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(done, fallback);
    } else {
      fallback();
    }
  };

  /** The rows of /api/startups.csv for the current selection, in the order shown: the very
   * records of that file (same columns, same protections), cut by slug, the first field. */
  Explorer.prototype.download = function () {
    var self = this;
    var slugs = this.data.d.s;
    var chosen = this.matches.map(function (i) {
      return slugs[i];
    });
    this.say(msg("preparing"));
    if (!this.csv) {
      this.csv = fetch(this.csvUrl, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + self.csvUrl);
        return response.text();
      });
    }
    this.csv
      .then(function (text) {
        var records = csvRecords(text.replace(/^\ufeff/, ""));
        var bySlug = {};
        for (var r = 1; r < records.length; r++) {
          bySlug[records[r].slice(0, records[r].indexOf(","))] = records[r];
        }
        var rows = [records[0]];
        chosen.forEach(function (slug) {
          if (bySlug.hasOwnProperty(slug)) rows.push(bySlug[slug]);
        });
        var blob = new Blob(["\ufeff" + rows.join("\r\n") + "\r\n"], {
          type: "text/csv;charset=utf-8",
        });
        var link = el("a");
        link.href = URL.createObjectURL(blob);
        link.download = CSV_NAME;
        link.hidden = true;
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () {
          URL.revokeObjectURL(link.href);
        }, 0);
        self.say(msg("file", { name: CSV_NAME, startups: startups(rows.length - 1) }));
      })
      .catch(function (error) {
        self.csv = null;
        self.say(msg("file_failed"));
        if (window.console) console.warn("explorer:", error);
      });
  };

  // -- cards (same markup as the card macro of _macros.html.j2) -------------------

  Explorer.prototype.render = function () {
    var fragment = document.createDocumentFragment();
    var end = Math.min(this.matches.length, this.shown + this.pageSize);
    var first = null;
    for (var i = this.shown; i < end; i++) {
      var card = this.card(this.matches[i]);
      if (!first) first = card;
      nl(fragment);
      fragment.appendChild(card);
    }
    if (end > this.shown) nl(fragment);
    this.list.appendChild(fragment);
    this.shown = end;
    var rest = this.matches.length - end;
    this.more.hidden = rest <= 0;
    this.more.textContent = plural("more_rest", rest);
    return first;
  };

  Explorer.prototype.showMore = function () {
    var first = this.render();
    var link = first && first.querySelector(".sd-card__name a");
    if (link) link.focus();
  };

  Explorer.prototype.logo = function (i, name) {
    var base = this.base;
    var logo = this.data.d.l[i];
    var alt = msg("card.logo", { name: name });
    if (typeof logo === "string" || logo.i !== undefined) {
      var initials = typeof logo === "string" ? logo : logo.i;
      var css =
        typeof logo === "string" ? "sd-s-" + this.terms.s[this.data.d.S[i][0]][0] : logo.c;
      var span = el("span", "sd-logo sd-logo--card sd-placeholder " + css, initials);
      span.setAttribute("role", "img");
      span.setAttribute("aria-label", alt);
      return span;
    }
    var picture = el("picture", "sd-logo sd-logo--card");
    if (logo.f) {
      var source = el("source");
      source.setAttribute("srcset", base + logo.u);
      source.setAttribute("type", "image/webp");
      picture.appendChild(source);
    }
    var img = el("img");
    img.setAttribute("src", base + (logo.f || logo.u));
    img.setAttribute("width", String(logo.w));
    img.setAttribute("height", String(logo.h));
    img.setAttribute("alt", alt);
    img.setAttribute("loading", "lazy");
    img.setAttribute("decoding", "async");
    picture.appendChild(img);
    nl(picture);
    return picture;
  };

  /** « Lève : Amorçage · 6 M MAD », "Raising: Seed · MAD 6M": as the card macro writes
   * views.Card.funding (the round sought, and its amount in short when given). */
  Explorer.prototype.funding = function (i) {
    var d = this.data.d;
    var round = d.R[i].length ? this.terms.g[d.R[i][0]][1] : "";
    var text = msg("card.raising", { round: round });
    return d.M[i] ? text + " · " + msg("amount.card", { amount: amount(d.M[i]) }) : text;
  };

  Explorer.prototype.card = function (i) {
    var d = this.data.d;
    var f = this.terms;
    var base = this.base;
    var name = d.n[i];
    var card = el("div", "sd-card");
    card.setAttribute("role", "listitem");
    nl(card);
    card.appendChild(this.logo(i, name));
    nl(card);
    var body = el("div", "sd-card__body");
    nl(body);
    var h3 = el("h3", "sd-card__name");
    var link = el("a", "", name);
    link.setAttribute("href", base + this.profileUrl.replace("{slug}", d.s[i]));
    h3.appendChild(link);
    body.appendChild(h3);
    nl(body);
    // The English tagline on the English page, else the French one (marked as French there).
    var english = LANG === "en" && d.T && d.T[i];
    var tagline = el("p", "sd-card__tagline", english || d.t[i]);
    if (LANG !== "fr" && !english) tagline.setAttribute("lang", "fr");
    body.appendChild(tagline);
    nl(body);
    var chips = el("p", "sd-card__chips");
    d.S[i].forEach(function (index) {
      var sector = f.s[index];
      var chip = el("a", "sd-chip sd-s-" + sector[0], sector[1]);
      chip.setAttribute("href", base + sector[2]);
      chips.appendChild(chip);
      chips.appendChild(document.createTextNode(" "));
    });
    body.appendChild(chips);
    nl(body);
    var meta = el("p", "sd-card__meta");
    meta.appendChild(el("span", "", f.c[d.c[i]][1]));
    meta.appendChild(document.createTextNode(" · "));
    meta.appendChild(el("span", "", f.g[d.g[i]][1]));
    [
      [d.h[i], msg("card.hiring")],
      [d.R[i].length, this.funding(i)],
      [d.a[i], msg("card.acquired")],
    ].forEach(function (flag) {
      if (!flag[0]) return;
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(el("span", "sd-flag", flag[1]));
    });
    body.appendChild(meta);
    nl(body);
    card.appendChild(body);
    nl(card);
    return card;
  };

  // ---------------------------------------------------------------------------
  // Start

  function start() {
    var root = document.getElementById("sd-explorer");
    if (!root || root.getAttribute("data-ready")) return;
    var list = document.querySelector(".sd-cards");
    var src = root.getAttribute("data-src");
    if (!list || !src || !window.fetch || !window.URLSearchParams) return;
    root.setAttribute("data-ready", "loading");
    fetch(src, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + src);
        return response.json();
      })
      .then(function (data) {
        root.explorer = new Explorer(root, list, data);
        root.setAttribute("data-ready", "ready");
      })
      .catch(function (error) {
        // The static list stays: the page works as without JavaScript.
        root.setAttribute("data-ready", "failed");
        if (window.console) console.warn("explorer:", error);
      });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start); // Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
