/* resdiff report: keyboard navigation between changes. Everything else
   (views, filters) works without this script; it only adds the buttons
   and the keys j / n (next change) and k / p (previous change), and a
   button that opens every folded run of unchanged paragraphs at once. */
(function () {
  "use strict";
  var status = document.getElementById("nav-status");
  var last = null;  /* the row the keys or buttons went to last */
  function changes() {
    return Array.prototype.filter.call(
      document.querySelectorAll("tr.row:not(.k-unchanged):not(.placeholder)"),
      function (row) { return row.offsetParent !== null; });
  }
  function go(step) {
    var list = changes();
    if (!list.length) { status.textContent = "No changes shown"; return; }
    var at = list.indexOf(document.activeElement);
    if (at < 0 && last) { at = list.indexOf(last); }
    if (at < 0) {
      at = step > 0 ? -1 : list.length;
      for (var i = 0; i < list.length; i++) {
        if (list[i].getBoundingClientRect().top > 48) { at = step > 0 ? i - 1 : i; break; }
      }
    }
    var next = Math.min(list.length - 1, Math.max(0, at + step));
    last = list[next];
    last.focus();
    status.textContent = "Change " + (next + 1) + " of " + list.length;
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var target = event.target;
    if (target && (target.isContentEditable || /^(TEXTAREA|SELECT)$/.test(target.tagName) ||
        (target.tagName === "INPUT" && !/^(radio|checkbox)$/.test(target.type)))) { return; }
    if (event.key === "j" || event.key === "n") { go(1); event.preventDefault(); }
    else if (event.key === "k" || event.key === "p") { go(-1); event.preventDefault(); }
  });
  document.getElementById("next-change").addEventListener("click", function () { go(1); });
  document.getElementById("prev-change").addEventListener("click", function () { go(-1); });
  var open = document.getElementById("open-runs");  /* only when runs of unchanged paragraphs are folded */
  if (open) {
    open.addEventListener("click", function () {
      var opening = open.getAttribute("aria-pressed") !== "true";
      Array.prototype.forEach.call(document.querySelectorAll("tr.run details"), function (d) { d.open = opening; });
      open.setAttribute("aria-pressed", opening ? "true" : "false");
      open.textContent = opening ? "Fold unchanged paragraphs" : "Open all folded paragraphs";
    });
  }
  document.getElementById("nav").hidden = false;
}());
