/* The unread count on the notification bell (claims.collab), read from the API. */
(function () {
  "use strict";
  var bell = document.querySelector(".bell[data-unread-url]");
  if (!bell) { return; }
  fetch(bell.getAttribute("data-unread-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      if (!data || !data.count) { return; }
      var count = bell.querySelector(".bell-count");
      count.textContent = data.count > 99 ? "99+" : String(data.count);
      count.hidden = false;
      // The visible count comes first, as a word of its own: axe (label-content-name-mismatch) and
      // speech input ("click 3") need the visible text inside the accessible name.
      bell.setAttribute("aria-label", count.textContent + " unread notification" + (data.count === 1 ? "" : "s"));
    });
})();
