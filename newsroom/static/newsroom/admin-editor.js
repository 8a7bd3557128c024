/* The story body in the admin: a textarea with a small toolbar and a live preview.
 *
 * The preview shows the body as it will be stored: the server sanitises it (the same
 * `sanitize_html` every save uses) and returns HTML that is safe to insert. Without JavaScript
 * the textarea works alone. Tag fields get suggestions from the tags already in use.
 */
(function () {
  "use strict";

  var BUTTONS = [
    ["Paragraph", "<p>", "</p>"],
    ["H2", "<h2>", "</h2>"],
    ["H3", "<h3>", "</h3>"],
    ["H4", "<h4>", "</h4>"],
    ["Bold", "<strong>", "</strong>"],
    ["Italic", "<em>", "</em>"],
    ["Bulleted list", "<ul>\n<li>", "</li>\n</ul>"],
    ["Numbered list", "<ol>\n<li>", "</li>\n</ol>"],
    ["List item", "<li>", "</li>"],
    ["Quote", "<blockquote>", "</blockquote>"],
    ["Link", null, "</a>"]
  ];

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function adminRoot() {
    var match = window.location.pathname.match(/^(.*\/articles\/article\/)/);
    return match ? match[1] : null;
  }

  function wrap(textarea, before, after) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    var value = textarea.value, chosen = value.slice(start, end);
    textarea.value = value.slice(0, start) + before + chosen + after + value.slice(end);
    textarea.focus();
    textarea.selectionStart = start + before.length;
    textarea.selectionEnd = start + before.length + chosen.length;
    textarea.dispatchEvent(new Event("input"));
  }

  function setUpEditor(textarea, root) {
    // One block holding toolbar, textarea and preview, so the admin's row layout keeps them
    // stacked at full width beside the label.
    var box = document.createElement("div");
    box.className = "body-editor-box";
    textarea.parentNode.insertBefore(box, textarea);
    box.appendChild(textarea);
    var toolbar = document.createElement("div");
    toolbar.className = "body-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Format the body");
    BUTTONS.forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = spec[0];
      button.addEventListener("click", function () {
        if (spec[1] === null) {
          var href = window.prompt("Link address (https://…)");
          if (!href) { return; }
          var link = document.createElement("a");
          link.setAttribute("href", href);
          wrap(textarea, link.outerHTML.replace("</a>", ""), spec[2]);
        } else {
          wrap(textarea, spec[1], spec[2]);
        }
      });
      toolbar.appendChild(button);
    });
    box.insertBefore(toolbar, textarea);

    var preview = document.createElement("div");
    preview.className = "body-preview story__body";
    preview.setAttribute("aria-live", "polite");
    preview.setAttribute("aria-label", "Preview of the body as it will be stored");
    var heading = document.createElement("p");
    heading.className = "body-preview-label";
    heading.textContent = "Preview (as stored: anything outside the safe subset is removed)";
    box.appendChild(heading);
    box.appendChild(preview);

    var timer = null;
    function refresh() {
      var data = new FormData();
      data.append("body", textarea.value);
      fetch(root + "body-preview/", {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: {"X-CSRFToken": csrfToken()}
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (json) {
        // Sanitised by the server (bleach, the editorial subset): safe to insert.
        if (json) { preview.innerHTML = json.html; }
      });
    }
    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 300);
    });
    refresh();
  }

  function setUpTags(input, root, index) {
    var list = document.createElement("datalist");
    list.id = "tag-suggestions-" + index;
    input.setAttribute("list", list.id);
    input.parentNode.appendChild(list);
    input.addEventListener("input", function () {
      var parts = input.value.split(",");
      var term = parts.pop().trim();
      var prefix = parts.length ? parts.join(",") + ", " : "";
      if (term.length < 1) { return; }
      fetch(root + "tags/autocomplete/?term=" + encodeURIComponent(term), {
        credentials: "same-origin"
      }).then(function (response) {
        return response.ok ? response.json() : {results: []};
      }).then(function (json) {
        list.textContent = "";
        json.results.forEach(function (name) {
          var option = document.createElement("option");
          option.value = prefix + (name.indexOf(",") >= 0 || name.indexOf(" ") >= 0 ? "\"" + name + "\"" : name);
          list.appendChild(option);
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = adminRoot();
    if (!root) { return; }
    document.querySelectorAll("textarea.body-editor").forEach(function (textarea) {
      setUpEditor(textarea, root);
    });
    document.querySelectorAll("input.tag-input").forEach(function (input, index) {
      setUpTags(input, root, index);
    });
  });
})();
