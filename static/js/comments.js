/* Comment threads (claims.collab): list, post, reply, edit/delete own, resolve, @mention autocomplete.
   Talks to /api/.../comments/ with the session cookie and the form's CSRF token. */
(function () {
  "use strict";

  function csrf(form) {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function request(method, url, body) {
    var options = { method: method, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.headers["X-CSRFToken"] = csrf();
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (response) {
      if (response.status === 204) { return null; }
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error(data.detail || "The request failed."); }
        return data;
      });
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function button(label, handler) {
    var node = el("button", "link", label);
    node.type = "button";
    node.addEventListener("click", handler);
    return node;
  }

  function setup(section) {
    if (section.hasAttribute("data-ready")) { return; } // the partial may be included twice on a page
    section.setAttribute("data-ready", "1");
    var url = section.getAttribute("data-comments-url");
    var me = section.getAttribute("data-me");
    var readonly = section.hasAttribute("data-readonly");
    var list = section.querySelector(".comment-list");
    var form = section.querySelector(".comment-form");
    var replyTo = null;

    function render(comments) {
      list.textContent = "";
      if (!comments.length) { list.appendChild(el("li", "muted", "No comments yet.")); }
      comments.forEach(function (comment) {
        var item = el("li", "comment" + (comment.parent ? " reply" : "") + (comment.resolved ? " resolved" : ""));
        item.id = "comment-" + comment.id;
        var head = el("div", "comment-head");
        head.appendChild(el("strong", "", comment.author || "someone"));
        head.appendChild(el("time", "muted", " " + new Date(comment.created_at).toLocaleString() + (comment.edited_at ? " (edited)" : "")));
        if (comment.resolved) { head.appendChild(el("span", "badge", " resolved")); }
        item.appendChild(head);
        var body = el("div", "comment-body");
        body.innerHTML = comment.body_html; // sanitised on the server (nh3)
        item.appendChild(body);
        if (!readonly) {
          var actions = el("div", "comment-actions");
          if (!comment.parent) {
            actions.appendChild(button("Reply", function () { replyTo = comment.id; form.querySelector("textarea").focus(); }));
            actions.appendChild(button(comment.resolved ? "Reopen" : "Resolve", function () {
              request("POST", "/api/comments/" + comment.id + "/resolve/", { resolved: !comment.resolved }).then(load, fail);
            }));
          }
          if (comment.author === me) {
            actions.appendChild(button("Edit", function () {
              var text = window.prompt("Edit your comment", comment.body);
              if (text !== null && text.trim()) {
                request("PATCH", "/api/comments/" + comment.id + "/", { body: text }).then(load, fail);
              }
            }));
            actions.appendChild(button("Delete", function () {
              if (window.confirm("Delete this comment? It stays in the history.")) {
                request("DELETE", "/api/comments/" + comment.id + "/").then(load, fail);
              }
            }));
          }
          item.appendChild(actions);
        }
        list.appendChild(item);
      });
    }

    function fail(error) {
      var note = el("li", "error", error.message);
      note.setAttribute("role", "alert");
      list.appendChild(note);
    }

    function load() { return request("GET", url).then(render, fail); }

    if (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var textarea = form.querySelector("textarea");
        var payload = { body: textarea.value };
        if (replyTo) { payload.parent = replyTo; }
        request("POST", url, payload).then(function () { textarea.value = ""; replyTo = null; return load(); }, fail);
      });
      mentions(form, section.getAttribute("data-mentions-url"));
    }
    load();
  }

  function mentions(form, lookupUrl) {
    var textarea = form.querySelector("textarea");
    var box = form.querySelector(".mention-suggestions");
    var active = -1;
    var latest = 0; // only the answer to the latest keystroke is shown (answers can arrive out of order)
    function word() {
      var before = textarea.value.slice(0, textarea.selectionStart);
      var match = /(^|[^\w@])@([\w.+-]*)$/.exec(before);
      return match ? match[2] : null;
    }
    function choose(username) {
      var position = textarea.selectionStart;
      var before = textarea.value.slice(0, position).replace(/@([\w.+-]*)$/, "@" + username + " ");
      textarea.value = before + textarea.value.slice(position);
      textarea.selectionStart = textarea.selectionEnd = before.length;
      box.hidden = true;
      textarea.focus();
    }
    textarea.addEventListener("input", function () {
      var query = word();
      if (query === null) { box.hidden = true; return; }
      var asked = ++latest;
      fetch(lookupUrl + "?q=" + encodeURIComponent(query), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (users) {
          // A superseded or failed answer leaves the list the person may be choosing from.
          if (asked !== latest || users === null) { return; }
          // Keep the person chosen with the arrow keys if the new list still has them.
          var chosen = active >= 0 && box.querySelectorAll("li")[active] ? box.querySelectorAll("li")[active].getAttribute("data-username") : null;
          box.textContent = "";
          active = -1;
          users.forEach(function (user) {
            var option = el("li", "", "@" + user.username + (user.name ? " — " + user.name : ""));
            option.setAttribute("role", "option");
            option.addEventListener("mousedown", function (event) { event.preventDefault(); choose(user.username); });
            option.setAttribute("data-username", user.username);
            if (user.username === chosen) { active = box.children.length; option.setAttribute("aria-selected", "true"); }
            box.appendChild(option);
          });
          box.hidden = users.length === 0;
        });
    });
    textarea.addEventListener("keydown", function (event) {
      if (box.hidden) { return; }
      var options = box.querySelectorAll("li");
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        active = (active + (event.key === "ArrowDown" ? 1 : options.length - 1)) % options.length;
        options.forEach(function (option, index) { option.setAttribute("aria-selected", index === active ? "true" : "false"); });
      } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        event.preventDefault();
        choose(options[active].getAttribute("data-username"));
      } else if (event.key === "Escape") {
        box.hidden = true;
        event.stopPropagation();
      }
    });
  }

  document.querySelectorAll("section.comments[data-comments-url]").forEach(setup);
})();
