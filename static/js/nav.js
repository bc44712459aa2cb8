// The navigation folds into "Menu" on narrow screens (<details>, works without this
// script). Browsers that cannot style ::details-content get the fold opened here on
// wide screens; a click outside, or Escape, closes the user's menu.
(function () {
  "use strict";
  var fold = document.querySelector("[data-nav-fold]");
  if (!fold) { return; }
  var supported = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
  if (!supported) {
    var wide = window.matchMedia("(min-width: 48rem)");
    var sync = function () { fold.open = wide.matches; };
    sync();
    wide.addEventListener("change", sync);
  }
  var menus = fold.querySelectorAll(".user-menu");
  document.addEventListener("click", function (event) {
    menus.forEach(function (menu) {
      if (menu.open && !menu.contains(event.target)) { menu.open = false; }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    menus.forEach(function (menu) {
      if (menu.open) { menu.open = false; menu.querySelector("summary").focus(); }
    });
  });
})();
