// Progressive enhancement for forms: focus the error summary, live character counts.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
  document.querySelectorAll("[data-char-count-for]").forEach(function (counter) {
    var field = document.getElementById(counter.getAttribute("data-char-count-for"));
    var max = parseInt(counter.getAttribute("data-max"), 10);
    if (!field || !max) { return; }
    counter.setAttribute("aria-live", "polite");
    var update = function () {
      var left = max - field.value.length;
      counter.textContent = left >= 0
        ? interpolate(gettext("You have %s characters remaining"), [left])
        : interpolate(gettext("You have %s characters too many"), [-left]);
      counter.classList.toggle("error-message", left < 0);
    };
    field.addEventListener("input", update);
    update();
  });
})();
