// Suggest recommendations already filed to the same State while the title is typed.
(function () {
  "use strict";
  var title = document.querySelector("[data-similar-title]");
  var box = document.getElementById("similar-recommendations");
  if (!title || !box) { return; }
  var form = title.form;
  var url = form.getAttribute("data-similar-url");
  var exclude = form.getAttribute("data-exclude") || "";
  var party = form.querySelector("[name=party]");
  var list = box.querySelector("ul");
  var timer = null;
  var lookup = function () {
    var text = title.value.trim();
    if (text.length < 4 || !party || !party.value) { box.hidden = true; return; }
    var query = "?party=" + encodeURIComponent(party.value) + "&title=" +
      encodeURIComponent(text) + "&exclude=" + encodeURIComponent(exclude);
    fetch(url + query, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (data) {
        list.textContent = "";
        data.results.forEach(function (item) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = item.url;
          a.textContent = (item.reference ? item.reference + ": " : "") + item.title;
          li.appendChild(a);
          li.appendChild(document.createTextNode(" (" + item.organization + ", " + item.status + ")"));
          list.appendChild(li);
        });
        box.hidden = data.results.length === 0;
      })
      .catch(function () { box.hidden = true; });
  };
  var schedule = function () { clearTimeout(timer); timer = setTimeout(lookup, 300); };
  title.addEventListener("input", schedule);
  if (party) { party.addEventListener("change", schedule); }
})();
