// Sorting and filtering of the findings table. Reads and reorders existing DOM nodes only:
// no network, no eval, no HTML parsing of data (textContent and attributes only).
(function () {
  "use strict";
  var table = document.getElementById("findings");
  if (!table || !table.tBodies.length) {
    return;
  }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var headers = Array.prototype.slice.call(table.querySelectorAll("thead th[data-sort-type]"));

  function sortKey(row, index, type) {
    var cell = row.cells[index];
    var value = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    return type === "number" ? Number(value) : value.trim().toLowerCase();
  }

  function sortBy(header) {
    var index = header.cellIndex;
    var type = header.getAttribute("data-sort-type");
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    headers.forEach(function (other) {
      other.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var button = header.querySelector("button");
    if (button) {
      var label = table.getAttribute(ascending ? "data-label-ascending" : "data-label-descending");
      button.setAttribute("title", label || "");
    }
    var sorted = rows.slice().sort(function (a, b) {
      var x = sortKey(a, index, type);
      var y = sortKey(b, index, type);
      var order = x < y ? -1 : x > y ? 1 : 0;
      if (!ascending) {
        order = -order;
      }
      return order || Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order"));
    });
    sorted.forEach(function (row) {
      body.appendChild(row);
    });
  }

  headers.forEach(function (header) {
    var target = header.querySelector("button") || header;
    target.addEventListener("click", function () {
      sortBy(header);
    });
  });

  var filters = document.getElementById("filters");
  var text = document.getElementById("filter-text");
  var severity = document.getElementById("filter-severity");
  var outcome = document.getElementById("filter-outcome");
  var count = document.getElementById("filter-count");
  if (!filters || !text || !severity || !outcome || !count) {
    return;
  }

  function applyFilters() {
    var query = text.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var visible =
        (!query || row.textContent.toLowerCase().indexOf(query) !== -1) &&
        (!severity.value || row.getAttribute("data-severity") === severity.value) &&
        (!outcome.value || row.getAttribute("data-outcome") === outcome.value);
      row.hidden = !visible;
      if (visible) {
        shown += 1;
      }
    });
    var template = count.getAttribute("data-template") || "{shown}/{total}";
    count.textContent = template
      .replace("{shown}", String(shown))
      .replace("{total}", String(rows.length));
  }

  text.addEventListener("input", applyFilters);
  severity.addEventListener("change", applyFilters);
  outcome.addEventListener("change", applyFilters);
  filters.hidden = false;
})();
