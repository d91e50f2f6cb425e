/* Small progressive enhancements shared by every page (the pages work without them). */
(function () {
  "use strict";

  // Ask before destructive buttons (discard, delete, merge).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // Filters apply as soon as they change.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  document.querySelectorAll(".js-hide").forEach(function (element) { element.hidden = true; });
})();
