/* The article workspace: claim selection, "make a claim from a selection", split position,
 * restatement length, source typeahead, keyboard shortcuts. Vanilla JS, no build step; every
 * feature has a form underneath that works without it.
 *
 * Offsets: the server stores Unicode code point offsets into the article body. JavaScript
 * strings are UTF-16, so an emoji counts 2 here and 1 there. Each run of body text is a
 * <span class="t" data-start="N"> whose N is a code point offset; a selection becomes
 * N + (code points of the run's text before the caret), counted with for..of (which walks
 * code points, not UTF-16 units).
 */
(function () {
  "use strict";

  var body = document.getElementById("article-body");
  if (!body) { return; }

  function codePoints(text) {
    var count = 0;
    for (var _ of text) { count += 1; } // eslint-disable-line no-unused-vars
    return count;
  }

  /* ----------------------------------------------------------------- selection -> offsets */

  function rangeToOffsets(range) {
    var runs = body.querySelectorAll("span.t");
    var start = null;
    var end = null;
    var text = "";
    for (var i = 0; i < runs.length; i += 1) {
      var run = runs[i];
      if (!range.intersectsNode(run)) { continue; }
      var node = run.firstChild;
      var data = node ? node.data : "";
      var base = parseInt(run.getAttribute("data-start"), 10);
      var from = 0;
      var to = data.length;
      if (node && range.startContainer === node) { from = range.startOffset; }
      if (node && range.endContainer === node) { to = range.endOffset; }
      if (to <= from) { continue; }
      if (start === null) { start = base + codePoints(data.slice(0, from)); }
      end = base + codePoints(data.slice(0, to));
      text += data.slice(from, to);
    }
    if (start === null || end === null || end <= start) { return null; }
    // Leading and trailing whitespace never belongs to a claim.
    var leading = text.length - text.replace(/^\s+/, "").length;
    var trailing = text.length - text.replace(/\s+$/, "").length;
    if (leading) { start += codePoints(text.slice(0, leading)); }
    if (trailing) { end -= codePoints(text.slice(text.length - trailing)); }
    var trimmed = text.trim();
    if (!trimmed || end <= start) { return null; }
    return { start: start, end: end, text: trimmed };
  }

  var spanForm = document.getElementById("span-form");
  var floating = null;

  function hideFloating() {
    if (floating) { floating.hidden = true; }
  }

  function currentSelectionOffsets() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return null; }
    var range = selection.getRangeAt(0);
    if (!body.contains(range.commonAncestorContainer) && range.commonAncestorContainer !== body) { return null; }
    return { offsets: rangeToOffsets(range), range: range };
  }

  function updateSpanForm() {
    if (!spanForm) { return; }
    var found = currentSelectionOffsets();
    var hint = spanForm.querySelector(".span-hint");
    var chosen = spanForm.querySelector(".span-selected");
    if (!found || !found.offsets) {
      hideFloating();
      return;
    }
    var offsets = found.offsets;
    document.getElementById("span-start").value = offsets.start;
    document.getElementById("span-end").value = offsets.end;
    document.getElementById("span-text").textContent =
      offsets.text.length > 140 ? offsets.text.slice(0, 137) + "…" : offsets.text;
    document.getElementById("span-length").textContent = "(" + (offsets.end - offsets.start) + " characters)";
    hint.hidden = true;
    chosen.hidden = false;
    spanForm.classList.add("has-selection");
    showFloating(found.range);
  }

  function showFloating(range) {
    if (!floating) {
      floating = document.createElement("button");
      floating.type = "button";
      floating.className = "float-make-claim";
      floating.textContent = "+ Make a claim";
      floating.setAttribute("aria-label", "Make a claim from the selected text");
      // Keep the selection alive when the button is pressed.
      floating.addEventListener("mousedown", function (event) { event.preventDefault(); });
      floating.addEventListener("click", function () { spanForm.requestSubmit(); });
      document.body.appendChild(floating);
    }
    var rect = range.getBoundingClientRect();
    floating.style.top = (window.scrollY + rect.bottom + 6) + "px";
    floating.style.left = (window.scrollX + Math.max(8, rect.left)) + "px";
    floating.hidden = false;
  }

  if (spanForm) {
    body.addEventListener("mouseup", function () { window.setTimeout(updateSpanForm, 0); });
    body.addEventListener("keyup", function (event) {
      if (event.shiftKey || event.key === "Shift") { updateSpanForm(); }
    });
    document.addEventListener("selectionchange", function () {
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed) { hideFloating(); }
    });
    body.closest(".ws-article").addEventListener("scroll", hideFloating);
  }

  /* ----------------------------------------------------------------- choosing a claim */

  function claimUrl(claimId) {
    // After a refused form the page is shown at the form's URL: always go back to the workspace's.
    var url = new URL(window.location.href);
    url.pathname = body.getAttribute("data-workspace-url");
    url.searchParams.set("claim", claimId);
    url.searchParams.delete("source");
    url.hash = "claim-panel";
    return url.toString();
  }

  body.addEventListener("click", function (event) {
    var selection = window.getSelection();
    if (selection && !selection.isCollapsed) { return; }
    if (event.target.closest("a")) { return; }
    var mark = event.target.closest("mark[data-claim-id]");
    if (mark) { window.location.assign(claimUrl(mark.getAttribute("data-claim-id"))); }
  });

  function setHover(claimId, on) {
    body.querySelectorAll('[data-claim-id="' + claimId + '"], [data-claim-ref="' + claimId + '"]').forEach(function (el) {
      el.classList.toggle("hover", on);
    });
  }
  body.addEventListener("mouseover", function (event) {
    var target = event.target.closest("[data-claim-id], [data-claim-ref]");
    if (target) { setHover(target.getAttribute("data-claim-id") || target.getAttribute("data-claim-ref"), true); }
  });
  body.addEventListener("mouseout", function (event) {
    var target = event.target.closest("[data-claim-id], [data-claim-ref]");
    if (target) { setHover(target.getAttribute("data-claim-id") || target.getAttribute("data-claim-ref"), false); }
  });

  var selectedMark = body.querySelector("mark.selected");
  if (!selectedMark && body.querySelector("mark.dim")) {
    // Filtering: bring the first claim that matches into view.
    selectedMark = body.querySelector("mark.claim:not(.dim)");
  }
  if (selectedMark) {
    var column = body.closest(".ws-article");
    var markTop = selectedMark.getBoundingClientRect().top - column.getBoundingClientRect().top;
    column.scrollTop += markTop - column.clientHeight / 3;
  }

  // j / k: next / previous claim; Escape closes the claim.
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || event.target.isContentEditable) { return; }
    var link = null;
    if (event.key === "j") { link = document.querySelector(".claim-nav a[rel=next]"); }
    if (event.key === "k") { link = document.querySelector(".claim-nav a[rel=prev]"); }
    if (link) { window.location.assign(link.href); }
  });

  /* ----------------------------------------------------------------- hide set-aside text */

  var toggle = document.getElementById("toggle-nonprose");
  if (toggle) {
    var stored = window.localStorage && window.localStorage.getItem("factcheck.hideNonprose") === "1";
    toggle.checked = stored;
    body.classList.toggle("hide-nonprose", stored);
    toggle.addEventListener("change", function () {
      body.classList.toggle("hide-nonprose", toggle.checked);
      if (window.localStorage) { window.localStorage.setItem("factcheck.hideNonprose", toggle.checked ? "1" : "0"); }
    });
  }

  /* ----------------------------------------------------------------- restatement length */

  document.querySelectorAll("textarea[data-limit]").forEach(function (area) {
    var limit = parseInt(area.getAttribute("data-limit"), 10);
    var counter = document.querySelector('[data-count-for="' + area.id + '"]');
    var warning = area.form && area.form.querySelector(".warn-75");
    function refresh() {
      var length = codePoints(area.value.trim());
      if (counter) {
        counter.textContent = length + " / " + limit;
        counter.classList.toggle("over", length > limit);
      }
      if (warning) { warning.hidden = length <= limit; }
    }
    area.addEventListener("input", refresh);
    refresh();
  });

  /* ----------------------------------------------------------------- split position */

  var splitQuote = document.querySelector(".split-quote");
  if (splitQuote) {
    var positionInput = document.getElementById("id_position");
    var preview = document.querySelector(".split-preview");
    var quoteText = splitQuote.textContent;
    var quoteChars = Array.from(quoteText);

    var showPreview = function () {
      var position = parseInt(positionInput.value, 10);
      if (!preview) { return; }
      if (!position || position < 1 || position >= quoteChars.length) { preview.hidden = true; return; }
      var left = quoteChars.slice(0, position).join("");
      var right = quoteChars.slice(position).join("");
      preview.textContent = "";
      var first = document.createElement("span");
      first.textContent = "① …" + left.slice(-50);
      var second = document.createElement("span");
      second.textContent = "② " + right.slice(0, 50) + "…";
      preview.appendChild(first);
      preview.appendChild(document.createElement("br"));
      preview.appendChild(second);
      preview.hidden = false;
    };
    var pickPosition = function () {
      var selection = window.getSelection();
      if (!selection || selection.rangeCount === 0) { return; }
      var node = selection.focusNode;
      if (!node || !splitQuote.contains(node) || node.nodeType !== Node.TEXT_NODE) { return; }
      var position = codePoints(node.data.slice(0, selection.focusOffset));
      if (position > 0 && position < quoteChars.length) {
        positionInput.value = position;
        showPreview();
      }
    };
    splitQuote.addEventListener("mouseup", function () { window.setTimeout(pickPosition, 0); });
    splitQuote.addEventListener("keyup", pickPosition);
    positionInput.addEventListener("input", showPreview);
    showPreview();
  }

  /* ----------------------------------------------------------------- source typeahead */

  var typeahead = document.querySelector(".typeahead");
  if (typeahead) {
    var input = document.getElementById("id_source_query");
    var hidden = document.getElementById("id_source_id");
    var list = document.getElementById("source-options");
    var chosen = document.getElementById("source-chosen");
    var endpoint = typeahead.getAttribute("data-endpoint");
    var results = [];
    var active = -1;
    var timer = null;
    var lastQuery = "";

    var close = function () {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    };
    var choose = function (index) {
      var item = results[index];
      if (!item) { return; }
      hidden.value = item.id;
      input.value = item.label;
      chosen.textContent = item.label + " ";
      if (!item.vetted) {
        var chip = document.createElement("span");
        chip.className = "chip chip-warn";
        chip.textContent = "unvetted";
        chosen.appendChild(chip);
      }
      chosen.hidden = false;
      close();
    };
    var highlight = function (index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      }
    };
    var render = function () {
      list.textContent = "";
      if (!results.length) {
        var empty = document.createElement("li");
        empty.className = "typeahead-empty";
        empty.textContent = "No source found. Add it below.";
        list.appendChild(empty);
      }
      results.forEach(function (item, index) {
        var option = document.createElement("li");
        option.id = "source-option-" + item.id;
        option.setAttribute("role", "option");
        option.setAttribute("data-source-id", item.id);
        option.textContent = item.label;
        if (!item.vetted) {
          var chip = document.createElement("span");
          chip.className = "chip chip-warn";
          chip.textContent = "unvetted";
          option.appendChild(document.createTextNode(" "));
          option.appendChild(chip);
        }
        if (item.tier) {
          var tier = document.createElement("span");
          tier.className = "chip chip-quiet";
          tier.textContent = item.tier;
          option.appendChild(document.createTextNode(" "));
          option.appendChild(tier);
        }
        option.addEventListener("mousedown", function (event) { event.preventDefault(); choose(index); });
        list.appendChild(option);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    };
    var search = function () {
      var query = input.value.trim();
      if (query.length < 2) { close(); return; }
      if (query === lastQuery && !list.hidden) { return; }
      lastQuery = query;
      fetch(endpoint + "?q=" + encodeURIComponent(query), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (input.value.trim() !== query) { return; }
          results = (data.results || []).map(function (item) {
            item.label = item.citation || item.title;
            return item;
          });
          render();
          if (results.length) { highlight(0); }
        })
        .catch(function () { close(); });
    };
    input.addEventListener("input", function () {
      hidden.value = "";
      chosen.hidden = true;
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 180);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) {
        if (event.key === "ArrowDown") { search(); }
        return;
      }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(Math.min(active + 1, results.length - 1)); }
      if (event.key === "ArrowUp") { event.preventDefault(); highlight(Math.max(active - 1, 0)); }
      if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(active); }
      if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 120); });
  }
})();
