// Colours and widths that come from data (the verdict scale, progress figures) are carried in
// data attributes and applied here through the CSSOM: the Content-Security-Policy forbids
// style="" attributes. Runs on load and whenever a page replaces part of itself.
(function () {
  "use strict";

  function applyDataStyles(root) {
    root.querySelectorAll("[data-rating-colour], [data-colour]").forEach(function (element) {
      var colour = element.getAttribute("data-rating-colour") || element.getAttribute("data-colour");
      element.style.setProperty("--rating", colour);
    });
    root.querySelectorAll("[data-width]").forEach(function (element) {
      var value = parseFloat(element.getAttribute("data-width"));
      if (!isNaN(value)) {
        element.style.width = Math.max(0, Math.min(100, value)) + "%";
      }
    });
  }

  window.factcheckApplyDataStyles = applyDataStyles;
  applyDataStyles(document);
  new MutationObserver(function (mutations) {
    mutations.forEach(function (mutation) {
      mutation.addedNodes.forEach(function (node) {
        if (node.nodeType === 1) {
          applyDataStyles(node.parentNode || node);
        }
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
