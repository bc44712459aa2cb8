// Disable a form's submit buttons once it has been sent (the server is idempotent too).
(function () {
  "use strict";
  document.querySelectorAll("[data-submit-once]").forEach(function (el) {
    var form = el.tagName === "FORM" ? el : el.form;
    if (!form) { return; }
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        setTimeout(function () { button.disabled = true; }, 0);
      });
    });
  });
})();
