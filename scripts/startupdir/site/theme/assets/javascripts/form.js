/* The profile form of /contribuer/formulaire/ (/en/contribute/form/).
 *
 * The page (templates/form.html.j2, from scripts/startupdir/site/form.py) holds one control
 * per field of the schema declaration, named by the field's path in the YAML (tagline.fr,
 * seeking_investment.round, founders.0.name…), and a specification (#sd-form-spec, JSON):
 * the controls' rules, the messages of the page's edition (the validator's French texts on the
 * French page), the blocks of the file as `startupdir new` writes it (header, one comment and
 * one placeholder per field) and GitHub's addresses. This script checks the values as they are
 * typed, previews the card, and writes the file with the same rules as
 * content/scaffold.py (profile_text(values=…), the reference: the tests compare both).
 *
 * ?profil=<slug> pre-fills the form from api/startups.json (an update); keys of the published
 * record that the form does not know are written back as they were, at the end of the file.
 *
 * No dependency. Data reaches the page through textContent, values and attributes only.
 */
(function () {
  "use strict";

  var SPEC, MESSAGES, ROOT, FORM, EXISTING = {}, EXTRAS = {}, UPDATING = "";
  var ORDER = {}; // checkbox lists: the values in the order they were chosen
  var TOUCHED = {}; // fields the visitor has left or the form was sent: errors show
  var SHOW_ALL = false;

  function msg(key, params) {
    var text = MESSAGES[key] || key;
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return params && params[name] !== undefined ? String(params[name]) : all;
    });
  }
  function err(key, params) { return msg("form.error." + key, params); }
  function js(key, params) { return msg("form.js." + key, params); }

  // Words of the page's language that are no message: the example site of the address
  // messages (the validator's own, exemple.ma, on the French page) and the name of a file
  // downloaded before a name is typed. French for any other language.
  var WORDS = {
    fr: { example_host: "exemple.ma", file: "profil" },
    en: { example_host: "example.com", file: "profile" }
  };
  function word(key) { return (WORDS[SPEC.lang] || WORDS.fr)[key]; }

  // -- the controls ---------------------------------------------------------------------

  function byName(path) { return FORM.querySelectorAll('[name="' + path + '"]'); }
  function last(path) { var parts = path.split("."); return parts[parts.length - 1]; }
  function rowPath(path, index) { return path.replace(".0.", "." + index + "."); }

  function rows(group) {
    var box = FORM.querySelector('[data-group="' + group.path + '"] .sd-form__rows');
    return Array.prototype.slice.call(box.children);
  }

  function rawValue(c, path) {
    var els = byName(path);
    if (!els.length) return "";
    if (c.type === "checks") {
      var chosen = {};
      Array.prototype.forEach.call(els, function (el) { if (el.checked) chosen[el.value] = true; });
      var order = (ORDER[path] || []).filter(function (v) { return chosen[v]; });
      Object.keys(chosen).forEach(function (v) { if (order.indexOf(v) < 0) order.push(v); });
      ORDER[path] = order;
      return order.slice();
    }
    return els[0].value;
  }

  function typed(c, raw) {
    if (c.type === "checks") return raw;
    if (c.type === "codes" || c.type === "logins") {
      return raw.split(/[\s,;]+/).filter(Boolean);
    }
    if (c.type === "boolean") return raw === "true" ? true : raw === "false" ? false : null;
    if (c.type === "integer" || c.type === "year") {
      var trimmed = raw.trim();
      if (/^[0-9][0-9_]*$/.test(trimmed)) return Number(trimmed.replace(/_/g, "")) ;
      return trimmed;
    }
    return raw;
  }

  function isEmpty(value) {
    if (value === null || value === undefined || value === "") return true;
    if (Array.isArray(value)) return value.length === 0;
    if (typeof value === "string") return value.trim() === "";
    if (typeof value === "object") {
      return Object.keys(value).every(function (k) { return isEmpty(value[k]); });
    }
    return false;
  }

  /** The values of a list of controls as plain data, as YAML would read them. */
  function readAll(controls, rename) {
    var out = {};
    controls.forEach(function (c) {
      var path = rename ? rename(c.path) : c.path;
      if (c.type === "object") {
        out[last(c.path)] = readAll(c.children, rename);
      } else if (c.type === "group") {
        out[last(c.path)] = rows(c).map(function (row, index) {
          return readAll(c.children, function (p) { return rowPath(p, index); });
        }).filter(function (item) { return !isEmpty(item); });
      } else {
        out[last(c.path)] = typed(c, rawValue(c, path));
      }
    });
    return out;
  }

  // -- checks (the validator's rules, its messages) --------------------------------------

  var HOST = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$/;
  var EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@([A-Za-z0-9-]+\.)+[A-Za-z]{2,63}$/;
  var LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
  var TAG = /<\/?[A-Za-z!?][^>]*>?|<!--/;
  var AUTOLINK = /<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*)>/g;

  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function checkUrl(c, value) {
    var v = value.trim();
    var host = (c.hosts && c.hosts[0]) || word("example_host");
    if (v.length > 300 || /[\s<>"'`\\\u0000-\u001f\u007f]/.test(v)) return err("url_invalid", { value: v.slice(0, 60), host: host });
    var url;
    try { url = new URL(v); } catch (e) {
      return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(v) ? err("url_invalid", { value: v.slice(0, 60), host: host })
        : err("url_scheme", { value: v.slice(0, 60) });
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return err("url_scheme", { value: v.slice(0, 60) });
    var name = url.hostname.replace(/\.$/, "");
    if (!HOST.test(name) || url.username || url.password) return err("url_invalid", { value: v.slice(0, 60), host: host });
    if (c.hosts && c.hosts.length && !c.hosts.some(function (h) { return name === h || name.slice(-h.length - 1) === "." + h; })) {
      return err("url_host", { value: v.slice(0, 60), host: host });
    }
    return "";
  }

  function checkLeaf(c, value, required) {
    if (isEmpty(value)) {
      if (c.type === "checks" && c.min_items) return err("list_min");
      return required ? err("required") : "";
    }
    var text = typeof value === "string" ? value : "";
    switch (c.type) {
      case "text": {
        var tag = text.replace(AUTOLINK, "").match(TAG);
        if (tag) return err("html", { tag: tag[0].slice(0, 30) });
        var clean = text.split(/\s+/).filter(Boolean).join(" ");
        if (clean.length > c.max_len) return err("too_long", { count: clean.length, max: c.max_len });
        return "";
      }
      case "markdown": {
        var body = text.replace(/\r\n?/g, "\n").trim() + "\n";
        if (body.length > c.max_len) return err("too_long", { count: body.length, max: c.max_len });
        return "";
      }
      case "url": return checkUrl(c, text);
      case "email": {
        var e = text.trim();
        if (!EMAIL.test(e) || e.indexOf("..") >= 0 || e.length > 254) return err("email", { value: e.slice(0, 60) });
        return "";
      }
      case "logo": {
        var l = text.trim();
        if (/\\|:|^\//.test(l)) return err("logo_path", { value: l.slice(0, 60) });
        if (!/\.(png|jpe?g|webp)$/i.test(l)) return err("logo_format", { value: l.slice(0, 60) });
        return "";
      }
      case "integer":
      case "year": {
        if (typeof value !== "number") return err(c.type, { value: String(value).slice(0, 40), min: c.minimum });
        var max = c.current_year_max ? new Date().getFullYear() : c.maximum;
        if (value < c.minimum || (max !== undefined && value > max)) return err("range", { value: value, min: c.minimum, max: max });
        return "";
      }
      case "date": {
        if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text)) return err("date", { value: text.slice(0, 30) });
        if (text > today()) return err("date_future", { value: text, max: today() });
        return "";
      }
      case "checks":
        if (c.min_items && value.length < c.min_items) return err("list_min");
        if (c.max_items && value.length > c.max_items) return err("list_max", { count: value.length, max: c.max_items });
        return "";
      case "codes":
      case "logins": {
        var seen = {};
        for (var i = 0; i < value.length; i++) {
          var item = value[i];
          if (c.type === "codes") {
            var upper = item.toUpperCase();
            if (SPEC.countries.indexOf(upper) >= 0 && upper !== item) return err("country_case", { value: item, upper: upper });
            if (SPEC.countries.indexOf(item) < 0) return err("country", { value: item.slice(0, 20) });
          } else {
            item = item.replace(/^@/, "");
            if (!LOGIN.test(item)) return err("login", { value: value[i].slice(0, 40) });
          }
          if (seen[item]) return err("duplicate", { value: item });
          seen[item] = true;
        }
        if (c.max_items && value.length > c.max_items) return err("list_max", { count: value.length, max: c.max_items });
        return "";
      }
    }
    return "";
  }

  /** Every control's problem: {path: message}. Nested required fields count once their
   * group (seeking_investment, a founder…) holds a value. */
  function problems(controls, values, rename, inside, out) {
    controls.forEach(function (c) {
      var path = rename ? rename(c.path) : c.path;
      var value = values ? values[last(c.path)] : undefined;
      if (c.type === "object") {
        var within = c.required ? inside === undefined || inside : !isEmpty(value);
        problems(c.children, value || {}, rename, within, out);
      } else if (c.type === "group") {
        rows(c).forEach(function (row, index) {
          var item = readAll(c.children, function (p) { return rowPath(p, index); });
          problems(c.children, item, function (p) { return rowPath(p, index); }, !isEmpty(item), out);
        });
      } else {
        out[path] = checkLeaf(c, value, c.required && (inside === undefined || inside));
      }
    });
    return out;
  }

  function showProblems(found) {
    var count = 0;
    Object.keys(found).forEach(function (path) {
      var els = byName(path);
      if (!els.length) return;
      var id = els[0].type === "checkbox" ? null : els[0].id;
      var box = els[0].closest(".sd-form__field");
      var target = box && box.querySelector(".sd-form__error");
      var message = found[path];
      if (message) count++;
      var shown = message && (SHOW_ALL || TOUCHED[path]) ? message : "";
      if (target) target.textContent = shown;
      Array.prototype.forEach.call(els, function (el) {
        if (shown) el.setAttribute("aria-invalid", "true"); else el.removeAttribute("aria-invalid");
      });
      if (id && target && !target.id) target.id = id + "-error";
    });
    var summary = document.getElementById("profile-summary");
    summary.textContent = count ? js("errors", { count: count }) : js("no_errors");
    return count;
  }

  // -- the file (content/scaffold.py's rules) -----------------------------------------------

  function quoted(text) { return JSON.stringify(text); }

  function scalar(c, value) {
    switch (c.type) {
      case "integer": case "year": return String(value);
      case "boolean": return value ? "true" : "false";
      case "text": return quoted(String(value).split(/\s+/).filter(Boolean).join(" "));
      case "url": case "email": case "logo": return quoted(String(value).trim());
      default: return String(value).trim();
    }
  }

  function valueLines(c, key, value, indent) {
    var lines;
    if (c.type === "object") {
      return [indent + key + ":"].concat(objectLines(c.children, value, indent + "  "));
    }
    if (c.type === "markdown") {
      var body = String(value).replace(/\r\n?/g, "\n").trim();
      return [indent + key + ": |"].concat(body.split("\n").map(function (line) {
        return line ? indent + "  " + line : "";
      }));
    }
    if (c.type === "group") {
      lines = [indent + key + ":"];
      value.forEach(function (item) {
        var inner = objectLines(c.children, item, indent + "    ");
        if (inner.length) {
          lines.push(indent + "  - " + inner[0].replace(/^ +/, ""));
          lines = lines.concat(inner.slice(1));
        }
      });
      return lines;
    }
    if (c.type === "checks" || c.type === "codes" || c.type === "logins") {
      return [indent + key + ": [" + value.map(function (v) { return scalar(c, v); }).join(", ") + "]"];
    }
    return [indent + key + ": " + scalar(c, value)];
  }

  function objectLines(children, values, indent) {
    var lines = [];
    children.forEach(function (c) {
      var value = values[last(c.path)];
      if (!isEmpty(value)) lines = lines.concat(valueLines(c, last(c.path), value, indent));
    });
    return lines;
  }

  function profileText(values) {
    var controls = {};
    SPEC.controls.forEach(function (c) { controls[c.path] = c; });
    var parts = [SPEC.header];
    SPEC.blocks.forEach(function (block) {
      var value = values[block.name], body;
      if (isEmpty(value)) body = block.empty;
      else body = valueLines(controls[block.name], block.name, value, "").join("\n");
      parts.push("\n" + block.comment + "\n" + body + "\n");
    });
    var extra = Object.keys(EXTRAS).map(function (key) { return key + ": " + JSON.stringify(EXTRAS[key]); });
    if (extra.length) parts.push("\n" + extra.join("\n") + "\n");
    return parts.join("");
  }

  function slugify(text) {
    var ascii = text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase();
    return ascii.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/^-+|-+$/g, "");
  }

  // -- the preview ------------------------------------------------------------------------

  function labelOf(path, id) {
    var found = null;
    (function walk(list) {
      list.forEach(function (c) { if (c.path === path) found = c; if (c.children) walk(c.children); });
    })(SPEC.controls);
    return found && found.labels && found.labels[id] ? found.labels[id] : id;
  }

  function preview(values) {
    var name = (values.name || "").split(/\s+/).filter(Boolean).join(" ");
    var tagline = values.tagline || {};
    var own = tagline[SPEC.lang] && tagline[SPEC.lang].trim();
    var shownName = name || js("name_placeholder");
    document.getElementById("preview-name").textContent = shownName;
    var tag = document.getElementById("preview-tagline");
    tag.textContent = own || (tagline.fr || "").trim() || js("tagline_placeholder");
    if (!own && SPEC.lang !== "fr" && (tagline.fr || "").trim()) tag.setAttribute("lang", "fr"); else tag.removeAttribute("lang");
    var logo = document.getElementById("preview-logo");
    var words = name.split(" ").filter(Boolean);
    logo.textContent = words.slice(0, 2).map(function (w) { return w.charAt(0).toUpperCase(); }).join("");
    logo.setAttribute("aria-label", shownName);
    logo.className = "sd-logo sd-logo--card sd-placeholder" + (values.sectors && values.sectors[0] ? " sd-s-" + values.sectors[0] : "");
    var chips = document.getElementById("preview-chips");
    chips.textContent = "";
    (values.sectors || []).forEach(function (id) {
      var chip = document.createElement("span");
      chip.className = "sd-chip sd-s-" + id;
      chip.textContent = labelOf("sectors", id);
      chips.appendChild(chip);
      chips.appendChild(document.createTextNode(" "));
    });
    var meta = document.getElementById("preview-meta");
    meta.textContent = "";
    var parts = [];
    if (values.city) parts.push([labelOf("city", values.city), ""]);
    if (values.stage) parts.push([labelOf("stage", values.stage), ""]);
    if (values.hiring === true) parts.push([js("hiring"), "sd-flag"]);
    var round = values.seeking_investment && values.seeking_investment.round;
    if (round) parts.push([js("raising", { round: labelOf("seeking_investment.round", round) }), "sd-flag"]);
    parts.forEach(function (part, i) {
      if (i) meta.appendChild(document.createTextNode(" · "));
      var span = document.createElement("span");
      if (part[1]) span.className = part[1];
      span.textContent = part[0];
      meta.appendChild(span);
    });
  }

  // -- output and actions ---------------------------------------------------------------------

  function slugProblem(slug) {
    if (slug.length < 2 || slug.length > 60) return js("slug_invalid", { slug: slug, count: slug.length });
    if (!UPDATING && EXISTING[slug]) return js("slug_taken", { slug: slug });
    return "";
  }

  function refresh() {
    var values = readAll(SPEC.controls);
    var found = problems(SPEC.controls, values, null, undefined, {});
    showProblems(found);
    preview(values);
    var name = (values.name || "").split(/\s+/).filter(Boolean).join(" ");
    var text = profileText(Object.assign({}, values, { name: name }));
    document.getElementById("profile-yaml").value = text;
    var slug = UPDATING || slugify(name);
    document.getElementById("profile-slug").textContent = name ? "startups/" + slug + ".yml" : js("slug_pending");
    var slugError = name ? slugProblem(slug) : "";
    document.getElementById("profile-slug-error").textContent = slugError;
    var link = document.getElementById("propose-github");
    if (SPEC.github.new) {
      link.href = UPDATING ? SPEC.github.edit + encodeURIComponent(slug) + ".yml"
        : SPEC.github.new + encodeURIComponent(slug) + ".yml&value=" + encodeURIComponent(text);
    }
    return text;
  }

  function copy(text, done) {
    var area = document.getElementById("profile-yaml");
    var status = document.getElementById("profile-action-status");
    function fallback() {
      area.focus();
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      status.textContent = ok ? done : js("copy_failed");
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { status.textContent = done; }, fallback);
    } else {
      fallback();
    }
  }

  function download(text, slug) {
    var blob = new Blob([text], { type: "application/yaml" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = (slug || word("file")) + ".yml";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }

  // -- repeated groups --------------------------------------------------------------------

  function renumber(fieldset) {
    var group = fieldset.getAttribute("data-group");
    var box = fieldset.querySelector(".sd-form__rows");
    Array.prototype.forEach.call(box.children, function (row, index) {
      row.setAttribute("data-row", String(index));
      var re = new RegExp("^(f-)?" + group.replace(/\./g, "[.-]") + "[.-][0-9]+");
      row.querySelectorAll("[name],[id],[for],[aria-describedby]").forEach(function (el) {
        ["name", "id", "for"].forEach(function (attr) {
          var v = el.getAttribute(attr);
          if (v) el.setAttribute(attr, v.replace(re, function (m, f) {
            return (f || "") + group + (f ? "-" : ".") + index;
          }));
        });
        var d = el.getAttribute("aria-describedby");
        if (d) el.setAttribute("aria-describedby", d.split(" ").map(function (part) {
          return part.replace(re, "f-" + group + "-" + index);
        }).join(" "));
      });
      row.querySelectorAll("[data-field]").forEach(function (el) {
        el.setAttribute("data-field", el.getAttribute("data-field").replace(re, group + "." + index));
      });
      var title = row.querySelector(".sd-form__row-title");
      if (title) title.textContent = title.textContent.replace(/[0-9]+$/, String(index + 1));
    });
    var max = Number(fieldset.getAttribute("data-max") || 0);
    fieldset.querySelector("[data-add]").disabled = !!max && box.children.length >= max;
  }

  function addRow(fieldset) {
    var box = fieldset.querySelector(".sd-form__rows");
    var row = box.children[0].cloneNode(true);
    row.querySelectorAll("input, textarea, select").forEach(function (el) {
      if (el.type === "checkbox") el.checked = false; else el.value = "";
      el.removeAttribute("aria-invalid");
    });
    row.querySelectorAll(".sd-form__error").forEach(function (el) { el.textContent = ""; });
    box.appendChild(row);
    renumber(fieldset);
    return row;
  }

  function removeRow(fieldset, row) {
    var box = fieldset.querySelector(".sd-form__rows");
    if (box.children.length > 1) {
      row.remove();
    } else {
      row.querySelectorAll("input, textarea, select").forEach(function (el) { el.value = ""; });
    }
    renumber(fieldset);
    var add = fieldset.querySelector("[data-add]");
    add.focus();
  }

  // -- pre-filling (an update) ----------------------------------------------------------------

  function setValue(c, path, value) {
    var els = byName(path);
    if (!els.length || value === null || value === undefined) return;
    if (c.type === "checks") {
      ORDER[path] = value.slice();
      Array.prototype.forEach.call(els, function (el) { el.checked = value.indexOf(el.value) >= 0; });
    } else if (c.type === "codes" || c.type === "logins") {
      els[0].value = value.join(", ");
    } else if (c.type === "boolean") {
      els[0].value = value === true ? "true" : value === false ? "false" : "";
    } else if (c.path === "status" && value === "active") {
      els[0].value = "";
    } else {
      els[0].value = String(value);
    }
  }

  function fill(controls, record, rename) {
    controls.forEach(function (c) {
      var value = record ? record[last(c.path)] : null;
      var path = rename ? rename(c.path) : c.path;
      if (c.type === "object") {
        fill(c.children, value || {}, rename);
      } else if (c.type === "group") {
        var fieldset = FORM.querySelector('[data-group="' + c.path + '"]');
        (value || []).forEach(function (item, index) {
          if (index > 0) addRow(fieldset);
          fill(c.children, item, function (p) { return rowPath(p, index); });
        });
      } else {
        setValue(c, path, value);
      }
    });
  }

  function prefill(record) {
    UPDATING = record.slug;
    fill(SPEC.controls, record);
    var known = {};
    SPEC.controls.forEach(function (c) { known[c.path] = true; });
    SPEC.derived.forEach(function (k) { known[k] = true; });
    EXTRAS = {};
    Object.keys(record).forEach(function (key) {
      if (!known[key] && !isEmpty(record[key])) EXTRAS[key] = record[key];
    });
    var updated = byName("updated")[0];
    if (updated) updated.value = today();
    document.getElementById("sd-form-status").textContent = js("updating", { name: record.name });
  }

  // -- start ----------------------------------------------------------------------------------

  function start() {
    ROOT = document.getElementById("sd-form");
    if (!ROOT) return;
    SPEC = JSON.parse(document.getElementById("sd-form-spec").textContent);
    MESSAGES = SPEC.messages || {};
    FORM = document.getElementById("profile-form");
    var updated = byName("updated")[0];
    if (updated) { updated.value = today(); updated.max = today(); }
    FORM.addEventListener("submit", function (event) { event.preventDefault(); });
    FORM.addEventListener("input", refresh);
    FORM.addEventListener("change", function (event) {
      if (event.target.name) TOUCHED[event.target.name] = true;
      refresh();
    });
    FORM.addEventListener("focusout", function (event) {
      if (event.target.name) { TOUCHED[event.target.name] = true; refresh(); }
    });
    FORM.addEventListener("click", function (event) {
      var add = event.target.closest("[data-add]");
      if (add) {
        var row = addRow(add.closest("[data-group]"));
        var first = row.querySelector("input, select, textarea");
        if (first) first.focus();
        refresh();
      }
      var remove = event.target.closest("[data-remove]");
      if (remove) { removeRow(remove.closest("[data-group]"), remove.closest(".sd-form__row")); refresh(); }
    });
    FORM.querySelectorAll("[data-group]").forEach(renumber);
    document.getElementById("propose-github").addEventListener("click", function (event) {
      SHOW_ALL = true;
      var text = refresh();
      var invalid = FORM.querySelector('[aria-invalid="true"]');
      var slugError = document.getElementById("profile-slug-error").textContent;
      if (invalid || slugError || !SPEC.github.new) {
        event.preventDefault();
        (invalid || byName("name")[0]).focus();
        return;
      }
      if (UPDATING) copy(text, js("copied_edit"));
    });
    document.getElementById("profile-copy").addEventListener("click", function () {
      copy(refresh(), js("copied"));
    });
    document.getElementById("profile-download").addEventListener("click", function () {
      var text = refresh();
      var name = (byName("name")[0].value || "").trim();
      download(text, UPDATING || slugify(name));
    });
    var wanted = new URLSearchParams(window.location.search).get("profil") || "";
    var status = document.getElementById("sd-form-status");
    if (wanted) status.textContent = js("loading");
    refresh();
    fetch(ROOT.getAttribute("data-src"))
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        var found = null;
        (data.startups || []).forEach(function (record) {
          EXISTING[record.slug] = true;
          if (record.slug === wanted) found = record;
        });
        if (found) prefill(found);
        else if (wanted) status.textContent = js("not_found", { slug: wanted });
        ROOT.setAttribute("data-ready", "true");
        refresh();
      })
      .catch(function () {
        if (wanted) status.textContent = js("load_failed");
        ROOT.setAttribute("data-ready", "true");
        refresh();
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
