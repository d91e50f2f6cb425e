/* The article workspace: claim selection (the panel is swapped in with htmx, the page is not
 * reloaded), the claim list's filters and dimming, "make a claim from a selection", split
 * position, restatement length, source typeahead, keyboard shortcuts (`?` lists them). Vanilla
 * JS, no build step; every feature has a link or a form underneath that works without it.
 *
 * Offsets: the server stores Unicode code point offsets into the article body. JavaScript
 * strings are UTF-16, so an emoji counts 2 here and 1 there. Each paragraph of the body is a
 * <p data-start="N"> whose N is a code point offset, and its text is the body's text without
 * gaps, except the labels of set-aside segments and the claim-number links (skipped); a
 * selection becomes N + (code points of the paragraph's text before the caret), counted with
 * for..of (which walks code points, not UTF-16 units).
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

  function isSkipped(node) {
    var parent = node.parentElement;
    return !!(parent && parent.closest(".seg-label, [data-claim-ref]"));
  }

  // Every text node of the body that is the body's text, with its code point offset.
  function bodyTextNodes() {
    var nodes = [];
    body.querySelectorAll("p[data-start]").forEach(function (para) {
      var offset = parseInt(para.getAttribute("data-start"), 10);
      var walker = document.createTreeWalker(para, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        var node = walker.currentNode;
        if (isSkipped(node)) { continue; }
        nodes.push({ node: node, start: offset });
        offset += codePoints(node.data);
      }
    });
    return nodes;
  }

  function rangeToOffsets(range) {
    var nodes = bodyTextNodes();
    var start = null;
    var end = null;
    var text = "";
    for (var i = 0; i < nodes.length; i += 1) {
      var node = nodes[i].node;
      if (!range.intersectsNode(node)) { continue; }
      var data = node.data;
      var base = nodes[i].start;
      var from = 0;
      var to = data.length;
      if (range.startContainer === node) { from = range.startOffset; }
      if (range.endContainer === node) { to = range.endOffset; }
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

  var workspace = document.getElementById("workspace");
  var detail = document.getElementById("claim-detail");
  var claimsIndex = document.getElementById("claims-index");
  var workspaceUrl = body.getAttribute("data-workspace-url");
  var panelUrlTemplate = body.getAttribute("data-panel-url");
  var hintHtml = '<p class="panel-hint muted">Click a highlighted claim in the article (or a number) to review it. ' +
    'Press <kbd>?</kbd> for the keyboard shortcuts.</p>';
  var opener = null; // the element focused before the panel opened: focus goes back there on close

  function claimUrl(claimId) {
    // After a refused form the page is shown at the form's URL: always go back to the workspace's.
    var url = new URL(window.location.href);
    url.pathname = workspaceUrl;
    url.searchParams.set("claim", claimId);
    url.searchParams.delete("source");
    url.hash = "claim-panel";
    return url.toString();
  }

  function panelUrl(claimId) {
    return panelUrlTemplate.replace(/\/0\/panel\/$/, "/" + claimId + "/panel/");
  }

  function selectedClaimId() {
    var card = detail && detail.querySelector("[data-selected-claim]");
    return card ? card.getAttribute("data-selected-claim") : null;
  }

  function markSelection(claimId) {
    body.querySelectorAll("mark.selected, a.selected[data-claim-ref]").forEach(function (el) { el.classList.remove("selected"); });
    document.querySelectorAll(".claim-list li.current").forEach(function (el) { el.classList.remove("current"); });
    if (!claimId) { return; }
    body.querySelectorAll('mark[data-claim-id="' + claimId + '"], a[data-claim-ref="' + claimId + '"]').forEach(function (el) {
      el.classList.add("selected");
    });
    var row = document.querySelector('.claim-list li[data-row-claim="' + claimId + '"]');
    if (row) { row.classList.add("current"); }
  }

  function scrollToMark(mark) {
    var column = body.closest(".ws-article");
    if (!mark || !column) { return; }
    var columnBox = column.getBoundingClientRect();
    var markBox = mark.getBoundingClientRect();
    if (column.scrollHeight > column.clientHeight + 1) {
      if (markBox.top < columnBox.top || markBox.bottom > columnBox.bottom) {
        column.scrollTop += markBox.top - columnBox.top - column.clientHeight / 3;
      }
    }
  }

  // The filter form carries the open claim, so a filtered list keeps it open on a reload.
  function keepClaimInFilters(claimId) {
    var form = document.querySelector("form.filters");
    if (!form) { return; }
    var input = form.querySelector('input[name="claim"]');
    if (!claimId) { if (input) { input.remove(); } return; }
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = "claim";
      form.insertBefore(input, form.firstChild);
    }
    input.value = claimId;
  }

  function afterPanel(claimId, push) {
    if (workspace) { workspace.classList.toggle("has-selection", !!claimId); }
    keepClaimInFilters(claimId);
    markSelection(claimId);
    if (claimId) {
      if (claimsIndex && window.matchMedia("(min-width: 760px)").matches) { claimsIndex.open = false; }
      scrollToMark(body.querySelector('mark[data-claim-id="' + claimId + '"]'));
      var heading = document.getElementById("claim-heading");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: !window.matchMedia("(max-width: 759px)").matches });
      }
    }
    if (push) {
      if (claimId) {
        window.history.pushState({ claim: claimId }, "", claimUrl(claimId));
      } else {
        var url = new URL(window.location.href);
        url.pathname = workspaceUrl;
        url.searchParams.delete("claim");
        url.hash = "";
        window.history.pushState({ claim: null }, "", url.toString());
      }
    }
    applyColours(detail);
    initPanel();
  }

  function openClaim(claimId, push) {
    if (!claimId) { return; }
    if (!window.htmx || !detail) { window.location.assign(claimUrl(claimId)); return; }
    if (!opener || !detail.contains(document.activeElement)) { opener = document.activeElement; }
    window.htmx.ajax("GET", panelUrl(claimId), { target: detail, swap: "innerHTML" }).then(function () {
      if (!detail.querySelector("[data-selected-claim]")) { window.location.assign(claimUrl(claimId)); return; }
      afterPanel(claimId, push);
    });
  }

  function closePanel(push) {
    if (!detail || !selectedClaimId()) { return false; }
    detail.innerHTML = hintHtml;
    if (claimsIndex) { claimsIndex.open = true; } // as the page shows it with no claim chosen
    afterPanel(null, push);
    var back = opener && document.contains(opener) ? opener : null;
    if (!back && opener) {
      // The list was reloaded meanwhile: the same claim's row, else its highlight.
      var claimId = opener.getAttribute("data-claim-link") || opener.getAttribute("data-claim-ref") || opener.getAttribute("data-claim-id");
      back = claimId ? document.querySelector('.claim-list a[data-claim-link="' + claimId + '"]') : null;
    }
    if (!back) { back = document.querySelector(".claim-list a[data-claim-link]"); }
    if (back) { back.focus(); }
    opener = null;
    return true;
  }

  body.addEventListener("click", function (event) {
    var selection = window.getSelection();
    if (selection && !selection.isCollapsed) { return; }
    var ref = event.target.closest("a[data-claim-ref]");
    if (ref) {
      if (event.ctrlKey || event.metaKey || event.shiftKey) { return; }
      event.preventDefault();
      opener = ref;
      openClaim(ref.getAttribute("data-claim-ref"), true);
      return;
    }
    if (event.target.closest("a")) { return; }
    var mark = event.target.closest("mark[data-claim-id]");
    if (mark) { opener = mark; openClaim(mark.getAttribute("data-claim-id"), true); }
  });

  // List rows, previous / next and discarded claims: swap the panel instead of loading the page.
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }
    var link = event.target.closest("a[data-claim-link]");
    if (link) {
      event.preventDefault();
      if (!detail.contains(link)) { opener = link; }
      openClaim(link.getAttribute("data-claim-link"), true);
      return;
    }
    var close = event.target.closest("[data-panel-close]");
    if (close && closePanel(true)) { event.preventDefault(); }
  });

  window.addEventListener("popstate", function (event) {
    if (event.state && event.state.htmx) { return; } // htmx restores its own history entries
    var claimId = new URL(window.location.href).searchParams.get("claim");
    if (claimId && claimId !== selectedClaimId()) { openClaim(claimId, false); }
    if (!claimId) { closePanel(false); }
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

  /* ----------------------------------------------------------------- filters: dim the other claims */

  function applyMatches() {
    var region = document.getElementById("claim-list");
    var ids = region ? region.getAttribute("data-match-ids") : null;
    var wanted = ids === null ? null : new Set(ids.split(" ").filter(Boolean));
    body.querySelectorAll("mark[data-claim-id]").forEach(function (mark) {
      mark.classList.toggle("dim", wanted !== null && !wanted.has(mark.getAttribute("data-claim-id")));
    });
    return wanted;
  }

  // Rating colours come as data-colour (no style attributes: the pages run under a strict CSP).
  function applyColours(root) {
    (root || document).querySelectorAll("[data-colour]").forEach(function (el) {
      el.style.setProperty("--rating", el.getAttribute("data-colour"));
    });
  }

  document.body.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || target === detail) { return; }
    applyColours(target.parentElement || document);
    markSelection(selectedClaimId());
    if (target.id === "claim-list" || (event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form.filters"))) {
      applyMatches();
      var count = document.getElementById("claim-count");
      var summary = document.querySelector("#claim-list .list-summary span");
      if (count && summary) { count.textContent = summary.textContent.split(" ")[0]; }
    }
  });

  applyColours(document);
  var wanted = applyMatches();
  var selectedMark = body.querySelector("mark.selected");
  if (!selectedMark && wanted) {
    // Filtering: bring the first claim that matches into view.
    selectedMark = body.querySelector("mark[data-claim-id]:not(.dim)");
  }
  scrollToMark(selectedMark);

  /* ----------------------------------------------------------------- keyboard */

  var shortcuts = document.getElementById("shortcuts");
  var shortcutsOpener = null;
  function openShortcuts() {
    if (!shortcuts || shortcuts.open) { return; }
    shortcutsOpener = document.activeElement;
    shortcuts.showModal();
  }
  if (shortcuts) {
    shortcuts.addEventListener("close", function () {
      if (shortcutsOpener && document.contains(shortcutsOpener)) { shortcutsOpener.focus(); }
      shortcutsOpener = null;
    });
  }
  document.querySelectorAll("[data-shortcuts-open]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", openShortcuts);
  });

  function stepClaim(direction) {
    var current = selectedClaimId();
    if (current) {
      var link = detail.querySelector(".claim-nav a[rel=" + (direction > 0 ? "next" : "prev") + "]");
      if (link) { openClaim(link.getAttribute("data-claim-link"), true); }
      return;
    }
    var first = document.querySelector(".claim-list a[data-claim-link]");
    if (first) { opener = first; openClaim(first.getAttribute("data-claim-link"), true); }
  }

  function moveInList(link, direction) {
    var rows = Array.prototype.slice.call(document.querySelectorAll(".claim-list a[data-claim-link]"));
    var index = rows.indexOf(link);
    var next = rows[index + direction];
    if (next) { next.focus(); }
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var target = event.target;
    var tag = (target.tagName || "").toLowerCase();
    var typing = tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
    if (event.key === "Escape") {
      if (document.querySelector("dialog[open]")) { return; } // the dialog closes itself
      var menu = document.querySelector("details.menu[open]");
      if (menu) { menu.open = false; menu.querySelector("summary").focus(); event.preventDefault(); return; }
      if (typing || event.defaultPrevented) { return; } // a field's own Escape (typeahead) comes first
      if (closePanel(true)) { event.preventDefault(); }
      return;
    }
    if (typing) { return; }
    var listLink = target.closest && target.closest(".claim-list a[data-claim-link]");
    if (listLink && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      moveInList(listLink, event.key === "ArrowDown" ? 1 : -1);
      return;
    }
    if (event.key === "?") { event.preventDefault(); openShortcuts(); return; }
    if (event.key === "/") {
      var search = document.getElementById("claim-search");
      if (search) {
        event.preventDefault();
        if (claimsIndex) { claimsIndex.open = true; }
        search.focus();
      }
      return;
    }
    if (event.key === "j" || (event.key === "ArrowDown" && selectedClaimId())) { event.preventDefault(); stepClaim(1); }
    if (event.key === "k" || (event.key === "ArrowUp" && selectedClaimId())) { event.preventDefault(); stepClaim(-1); }
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

  /* ----------------------------------------------------------------- the panel's own scripts */

  // Run on the panel as the page loads and again each time a click swaps another claim in.
  function initPanel() {
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
  }

  initPanel();
})();
