// frtaudit public register: search over window.FRT_INDEX (loaded by search-<lang>.js).
// Works from file:// (no fetch); the results are built as text nodes, never as HTML.
(function () {
  "use strict";
  var form = document.getElementById("search");
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var index = window.FRT_INDEX || [];
  if (!form || !input || !list || !status) { return; }
  var limit = parseInt(form.getAttribute("data-limit"), 10) || 50;
  var lowered = index.map(function (e) { return (e[0] + " " + e[1] + " " + e[2] + " " + e[3]).toLowerCase(); });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  input.addEventListener("input", function () {
    var q = input.value.trim().toLowerCase();
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (q.length < 2) { status.textContent = ""; return; }
    var found = 0;
    for (var i = 0; i < index.length; i++) {
      if (lowered[i].indexOf(q) === -1) { continue; }
      found++;
      if (found > limit) { continue; }
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = index[i][4];
      a.textContent = index[i][0];
      li.appendChild(a);
      li.appendChild(document.createTextNode(" · " + index[i][1] + (index[i][2] ? " · " + index[i][2] : "")));
      list.appendChild(li);
    }
    status.textContent = found ? form.getAttribute("data-count").replace("{count}", String(found)) : form.getAttribute("data-none");
  });
}());
