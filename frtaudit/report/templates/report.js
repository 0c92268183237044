// Filters of the matrix: by agency and by text. Reads and hides existing DOM nodes only:
// no network, no eval, no HTML parsing of data (textContent and attributes only).
// A link to a system's details opens them.
(function () {
  "use strict";
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") {
      target.open = true;
    }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();

  var table = document.getElementById("matrix-table");
  var filters = document.getElementById("filters");
  var agency = document.getElementById("filter-agency");
  var text = document.getElementById("filter-text");
  var count = document.getElementById("filter-count");
  if (!table || !filters || !agency || !text || !count) {
    return;
  }
  var bodies = Array.prototype.slice.call(table.tBodies);
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr.system"));

  function apply() {
    var query = text.value.trim().toLowerCase();
    var shown = 0;
    bodies.forEach(function (body) {
      var inAgency = !agency.value || body.getAttribute("data-agency") === agency.value;
      var any = false;
      Array.prototype.forEach.call(body.querySelectorAll("tr.system"), function (row) {
        var visible = inAgency && (!query || row.textContent.toLowerCase().indexOf(query) !== -1);
        row.hidden = !visible;
        if (visible) {
          shown += 1;
          any = true;
        }
      });
      body.hidden = !any;
    });
    var template = count.getAttribute("data-template") || "{shown}/{total}";
    count.textContent = template
      .replace("{shown}", String(shown))
      .replace("{total}", String(rows.length));
  }

  agency.addEventListener("change", apply);
  text.addEventListener("input", apply);
  filters.hidden = false;
  apply();
})();
