// The import progress page (and the "checking" page before the preview): without
// JavaScript it refreshes itself (meta refresh); with it, the figures update in place
// from the job's status and the page reloads once the import is finished (or, with
// data-reload-when="checked", once its rows are checked), to show what follows.
(function () {
  "use strict";
  var box = document.getElementById("import-status");
  if (!box || box.getAttribute("data-finished") === "true") { return; }
  var refresh = document.querySelector("meta[http-equiv=refresh]");
  if (refresh) { refresh.parentNode.removeChild(refresh); }
  var url = box.getAttribute("data-status-url");
  var until = box.getAttribute("data-reload-when") || "finished";
  var bar = document.getElementById("import-progress");
  var poll = function () {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 3000); return; }
        box.querySelectorAll("[data-field]").forEach(function (el) {
          var name = el.getAttribute("data-field");
          if (Object.prototype.hasOwnProperty.call(data, name)) { el.textContent = data[name]; }
        });
        if (bar) {
          bar.max = data.total || 1;
          bar.value = data.done;
        }
        if (data[until]) { window.location.reload(); return; }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  };
  window.setTimeout(poll, 500);
}());
