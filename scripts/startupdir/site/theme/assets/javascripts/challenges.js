/* The filters of /defis/ (/en/challenges/): by sector and by format, kept in the URL
   (?secteur=…&format=…, names given by the page). Without JavaScript the form stays
   hidden and every challenge is listed. */
(function () {
  "use strict";

  function start() {
    var root = document.getElementById("sd-challenges");
    var form = document.getElementById("sd-challenge-filters");
    if (!root || !form) {
      return;
    }
    var sectorParam = root.getAttribute("data-sector-param");
    var formatParam = root.getAttribute("data-format-param");
    var sector = document.getElementById("sd-challenge-sector");
    var format = document.getElementById("sd-challenge-format");
    var status = document.getElementById("sd-challenges-status");
    var items = root.querySelectorAll(".sd-challenges__item");

    function known(select, value) {
      for (var i = 0; i < select.options.length; i += 1) {
        if (select.options[i].value === value) {
          return value;
        }
      }
      return "";
    }

    function apply(writeUrl) {
      var wantedSector = sector.value;
      var wantedFormat = format.value;
      var shown = 0;
      items.forEach(function (item) {
        var sectors = (item.getAttribute("data-sectors") || "").split(" ");
        var ok =
          (!wantedSector || sectors.indexOf(wantedSector) !== -1) &&
          (!wantedFormat || item.getAttribute("data-format") === wantedFormat);
        item.hidden = !ok;
        if (ok) {
          shown += 1;
        }
      });
      root.querySelectorAll(".sd-challenges__section").forEach(function (section) {
        var list = section.querySelector(".sd-challenges");
        var empty = section.querySelector("[data-filter-empty]");
        if (!list || !empty) {
          return;
        }
        var visible = list.querySelectorAll(".sd-challenges__item:not([hidden])").length;
        list.hidden = visible === 0;
        empty.hidden = visible !== 0;
      });
      var message = root.getAttribute(shown === 1 ? "data-shown-one" : "data-shown-other");
      status.textContent = message.replace("{n}", String(shown));
      if (writeUrl) {
        var url = new URL(window.location.href);
        [[sectorParam, wantedSector], [formatParam, wantedFormat]].forEach(function (pair) {
          if (pair[1]) {
            url.searchParams.set(pair[0], pair[1]);
          } else {
            url.searchParams.delete(pair[0]);
          }
        });
        window.history.replaceState(null, "", url.toString());
      }
    }

    var params = new URLSearchParams(window.location.search);
    sector.value = known(sector, params.get(sectorParam) || "");
    format.value = known(format, params.get(formatParam) || "");
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    sector.addEventListener("change", function () {
      apply(true);
    });
    format.addEventListener("change", function () {
      apply(true);
    });
    apply(false);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
