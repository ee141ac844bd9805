/* Faceted explorer of /startups/: progressive enhancement of the static list of cards.
 *
 * Without JavaScript the page lists every card. With it, this script finds
 * <div id="sd-explorer" data-src="../assets/data/explorer.json">, loads that compact JSON
 * (built by scripts/startupdir/explorer.py), builds the filters inside the element and
 * replaces the content of the list (.sd-cards) with the first page of matching cards.
 *
 * Facets are disjunctive: OR within a facet, AND across facets; each option shows how many
 * startups match given the other facets' selections. Every startup set is a bitset
 * (one bit per startup), so a change over 10,000 startups costs a few thousand word
 * operations. The state lives in the query string (?secteur=fintech&ville=rabat&q=…&tri=annee):
 * pushState on change, popstate restores it, and a shared link opens the same view.
 *
 * No dependency, no build step. Data only ever reaches the page through textContent and
 * attributes, never innerHTML.
 */
(function () {
  "use strict";

  var PAGE = 60;
  var NNBSP = "\u202f";

  // key in data.f, column in data.d, URL parameter, legend
  var FACETS = [
    { f: "s", col: "S", param: "secteur", legend: "Secteurs" },
    { f: "c", col: "c", param: "ville", legend: "Villes" },
    { f: "g", col: "g", param: "stade", legend: "Stades" },
    { f: "n", col: "N", param: "besoin", legend: "Besoins" },
    { f: "p", col: "P", param: "programme", legend: "Programmes" },
    { f: "b", col: "b", param: "modele", legend: "Modèle d'affaires" },
  ];
  var TOGGLES = [
    { col: "r", param: "levee", label: "Lève des fonds" },
    { col: "h", param: "recrute", label: "Recrute" },
  ];
  var SORTS = [
    ["nom", "Nom (A à Z)"],
    ["annee", "Année de création (les plus récentes d'abord)"],
    ["maj", "Dernière mise à jour (les plus récentes d'abord)"],
  ];

  // ---------------------------------------------------------------------------
  // Small helpers

  function number(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, NNBSP);
  }

  function startups(n) {
    return number(n) + (n <= 1 ? " startup" : " startups");
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

  function nl(parent) {
    parent.appendChild(document.createTextNode("\n"));
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
  function andInto(target, other) {
    for (var w = 0; w < target.length; w++) target[w] &= other[w];
  }

  // ---------------------------------------------------------------------------
  // The explorer

  function Explorer(root, list, data) {
    this.root = root;
    this.list = list;
    this.data = data;
    this.base = root.getAttribute("data-base");
    if (this.base === null) {
      this.base = (root.getAttribute("data-src") || "").replace(/assets\/data\/[^/]*$/, "");
    }
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
    for (i = 0; i < n; i++) this.search[i] = fold(d.n[i] + " " + d.t[i]);

    this.groups = [];
    var self = this;
    FACETS.forEach(function (facet) {
      var terms = self.data.f[facet.f];
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

    var years = d.y;
    this.minYear = n ? years[0] : 0;
    this.maxYear = this.minYear;
    for (i = 1; i < n; i++) {
      if (years[i] < this.minYear) this.minYear = years[i];
      if (years[i] > this.maxYear) this.maxYear = years[i];
    }
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
    var self = this;
    var root = this.root;
    root.textContent = "";
    root.classList.add("sd-explorer");

    var panel = (this.panel = el("details", "sd-explorer__panel"));
    var wide = window.matchMedia && window.matchMedia("(min-width: 60em)").matches;
    panel.open = wide !== false;
    panel.appendChild(el("summary", "sd-explorer__summary", "Filtrer et trier les startups"));
    var form = el("form", "sd-explorer__form");
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filtrer les startups");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    panel.appendChild(form);

    // Free text
    var search = el("div", "sd-explorer__field sd-explorer__search");
    var label = el("label", "", "Rechercher par nom ou accroche");
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

    var line = el("div", "sd-explorer__line");
    // Sort
    var sort = el("div", "sd-explorer__field");
    label = el("label", "", "Trier par");
    label.htmlFor = "sd-x-tri";
    var select = (this.select = el("select"));
    select.id = "sd-x-tri";
    SORTS.forEach(function (item) {
      var option = el("option", "", item[1]);
      option.value = item[0];
      select.appendChild(option);
    });
    select.addEventListener("change", function () {
      self.state.tri = select.value;
      self.changed("tri");
    });
    sort.appendChild(label);
    sort.appendChild(select);
    line.appendChild(sort);

    // Founding year range
    var years = el("fieldset", "sd-explorer__years");
    years.appendChild(el("legend", "", "Année de création"));
    this.yearInputs = {};
    [
      ["de", "De", this.minYear],
      ["a", "à", this.maxYear],
    ].forEach(function (item) {
      var wrap = el("span", "sd-explorer__year");
      var lab = el("label", "", item[1]);
      var box = el("input");
      box.type = "number";
      box.id = "sd-x-" + item[0];
      box.inputMode = "numeric";
      box.min = String(self.minYear);
      box.max = String(self.maxYear);
      box.step = "1";
      box.placeholder = String(item[2]);
      lab.htmlFor = box.id;
      box.addEventListener("input", function () {
        var value = box.value.trim();
        if (value !== "" && !/^\d{4}$/.test(value)) return; // still typing
        self.state[item[0]] = value === "" ? null : parseInt(value, 10);
        self.changed(item[0]);
      });
      wrap.appendChild(lab);
      wrap.appendChild(box);
      years.appendChild(wrap);
      self.yearInputs[item[0]] = box;
    });
    line.appendChild(years);

    // Toggles
    var toggles = el("fieldset", "sd-explorer__toggles");
    toggles.appendChild(el("legend", "", "En ce moment"));
    this.groups.forEach(function (group) {
      if (!group.toggle) return;
      var option = self.option(group.toggle.param, "1", group.toggle.label, "");
      group.options = [option];
      option.input.addEventListener("change", function () {
        self.state.toggles[group.toggle.param] = option.input.checked;
        self.changed(group.toggle.param);
      });
      toggles.appendChild(option.label);
    });
    line.appendChild(toggles);
    form.appendChild(line);

    // Facets
    var facets = el("div", "sd-explorer__facets");
    this.groups.forEach(function (group) {
      if (!group.facet) return;
      // Each facet folds into a <details>, open while it has a selection.
      var details = (group.details = el("details", "sd-facet"));
      var summary = el("summary", "sd-facet__summary", group.facet.legend);
      group.badge = el("span", "sd-facet__selected");
      summary.appendChild(group.badge);
      details.appendChild(summary);
      var fieldset = el("fieldset", "sd-facet__fieldset");
      fieldset.appendChild(el("legend", "sd-facet__legend", group.facet.legend));
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
      facets.appendChild(details);
    });
    form.appendChild(facets);

    var reset = el("button", "sd-explorer__reset md-button", "Réinitialiser les filtres");
    reset.type = "button";
    reset.addEventListener("click", function () {
      self.state = self.emptyState();
      self.syncControls();
      self.changed("reset");
      self.input.focus();
    });
    form.appendChild(reset);
    root.appendChild(panel);

    this.count = el("p", "sd-explorer__count");
    this.count.setAttribute("role", "status");
    this.count.setAttribute("aria-live", "polite");
    root.appendChild(this.count);

    var staticCount = document.getElementById("sd-count");
    if (staticCount) staticCount.hidden = true;

    this.empty = el("p", "sd-empty sd-explorer__empty", "Aucune startup ne correspond à ces critères.");
    this.empty.hidden = true;
    this.more = el("button", "sd-explorer__more md-button", "Afficher plus");
    this.more.type = "button";
    this.more.hidden = true;
    this.more.addEventListener("click", function () {
      self.showMore();
    });
    this.list.parentNode.insertBefore(this.empty, this.list.nextSibling);
    this.list.parentNode.insertBefore(this.more, this.empty.nextSibling);

    window.addEventListener("popstate", function () {
      self.lastSource = null;
      self.state = self.fromURL();
      self.syncControls();
      self.update();
    });
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

  // -- state ------------------------------------------------------------------

  Explorer.prototype.emptyState = function () {
    var state = { q: "", tri: "nom", de: null, a: null, facets: {}, toggles: {} };
    FACETS.forEach(function (facet) {
      state.facets[facet.param] = new Set();
    });
    TOGGLES.forEach(function (toggle) {
      state.toggles[toggle.param] = false;
    });
    return state;
  };

  Explorer.prototype.fromURL = function () {
    var params = new URLSearchParams(window.location.search);
    var state = this.emptyState();
    state.q = params.get("q") || "";
    var tri = params.get("tri");
    if (SORTS.some((s) => s[0] === tri)) state.tri = tri;
    ["de", "a"].forEach(function (key) {
      var value = params.get(key);
      if (value && /^\d{4}$/.test(value)) state[key] = parseInt(value, 10);
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
    if (state.de !== null) params.set("de", String(state.de));
    if (state.a !== null) params.set("a", String(state.a));
    if (state.tri !== "nom") params.set("tri", state.tri);
    var query = params.toString();
    return query ? "?" + query : "";
  };

  Explorer.prototype.syncControls = function () {
    var state = this.state;
    this.input.value = state.q;
    this.select.value = state.tri;
    this.yearInputs.de.value = state.de === null ? "" : String(state.de);
    this.yearInputs.a.value = state.a === null ? "" : String(state.a);
    this.groups.forEach(function (group) {
      group.options.forEach(function (option, index) {
        option.input.checked = group.facet
          ? state.facets[group.facet.param].has(index)
          : state.toggles[group.toggle.param];
      });
      if (group.details && state.facets[group.facet.param].size) group.details.open = true;
    });
  };

  /** A control changed: update, then record the state in history. Typing in one text or
   * year box replaces its own history entry instead of adding one per key. */
  Explorer.prototype.changed = function (source) {
    this.update();
    var url = window.location.pathname + this.toQuery() + window.location.hash;
    if (url === window.location.pathname + window.location.search + window.location.hash) {
      return;
    }
    var typing = source === "q" || source === "de" || source === "a";
    if (typing && this.lastSource === source) window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
    this.lastSource = source;
  };

  // -- filtering ----------------------------------------------------------------

  Explorer.prototype.selection = function (group) {
    var set;
    if (group.facet) {
      var selected = this.state.facets[group.facet.param];
      if (!selected.size) return null;
      set = bits(this.n);
      selected.forEach(function (index) {
        var values = group.sets[index];
        for (var w = 0; w < set.length; w++) set[w] |= values[w];
      });
      return set;
    }
    return this.state.toggles[group.toggle.param] ? group.sets[0] : null;
  };

  Explorer.prototype.baseSet = function () {
    var state = this.state;
    var words = fold(state.q).split(" ").filter(Boolean);
    var base = this.all.slice();
    if (!words.length && state.de === null && state.a === null) return base;
    var years = this.data.d.y;
    var from = state.de === null ? -Infinity : state.de;
    var to = state.a === null ? Infinity : state.a;
    var search = this.search;
    base.fill(0);
    for (var i = 0; i < this.n; i++) {
      var year = years[i];
      if (year < from || year > to) continue;
      var text = search[i];
      var ok = true;
      for (var k = 0; k < words.length && ok; k++) ok = text.indexOf(words[k]) !== -1;
      if (ok) setBit(base, i);
    }
    return base;
  };

  Explorer.prototype.update = function () {
    var self = this;
    var base = this.baseSet();
    var selections = this.groups.map(function (group) {
      return self.selection(group);
    });
    var result = base.slice();
    selections.forEach(function (set) {
      if (set) andInto(result, set);
    });
    // Counts per option: the other groups' selections apply, not the group's own.
    this.groups.forEach(function (group, g) {
      if (group.badge) {
        var chosen = self.state.facets[group.facet.param].size;
        group.badge.textContent = chosen ? " (" + chosen + " choisi" + (chosen > 1 ? "s)" : ")") : "";
      }
      var others = base.slice();
      selections.forEach(function (set, h) {
        if (set && h !== g) andInto(others, set);
      });
      group.options.forEach(function (option, index) {
        var count = countAnd(others, group.sets[index]);
        option.count.textContent = " (" + number(count) + ")";
        option.label.classList.toggle("sd-facet__option--none", count === 0);
      });
    });
    var order = this.orders[this.state.tri];
    var matches = [];
    for (var i = 0; i < order.length; i++) if (hasBit(result, order[i])) matches.push(order[i]);
    this.matches = matches;
    this.shown = 0;
    this.count.textContent = startups(matches.length);
    this.list.textContent = "";
    this.empty.hidden = matches.length > 0;
    this.render();
  };

  Explorer.prototype.render = function () {
    var fragment = document.createDocumentFragment();
    var end = Math.min(this.matches.length, this.shown + PAGE);
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
    this.more.textContent =
      "Afficher plus (" + number(rest) + (rest > 1 ? " restantes)" : " restante)");
    return first;
  };

  Explorer.prototype.showMore = function () {
    var first = this.render();
    var link = first && first.querySelector(".sd-card__name a");
    if (link) link.focus();
  };

  // -- cards (same markup as the card macro of _macros.html.j2) -------------------

  Explorer.prototype.logo = function (i, name) {
    var base = this.base;
    var logo = this.data.d.l[i];
    var alt = "Logo de " + name;
    if (typeof logo === "string" || logo.i !== undefined) {
      var initials = typeof logo === "string" ? logo : logo.i;
      var css =
        typeof logo === "string" ? "sd-s-" + this.data.f.s[this.data.d.S[i][0]][0] : logo.c;
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

  Explorer.prototype.card = function (i) {
    var d = this.data.d;
    var f = this.data.f;
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
    link.setAttribute("href", base + this.data.u.replace("{slug}", d.s[i]));
    h3.appendChild(link);
    body.appendChild(h3);
    nl(body);
    body.appendChild(el("p", "sd-card__tagline", d.t[i]));
    nl(body);
    var chips = el("p", "sd-card__chips");
    d.S[i].forEach(function (index) {
      var sector = f.s[index];
      var chip = el("a", "sd-chip sd-s-" + sector[0], sector[1]);
      chip.setAttribute("href", base + sector[3]);
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
      [d.h[i], "Recrute"],
      [d.F[i], "Lève : " + d.F[i]],
      [d.a[i], "Rachetée"],
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
