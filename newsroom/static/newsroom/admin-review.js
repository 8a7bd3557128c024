/* The review screen (articles/admin/review.py): keys, focus and an entity autocomplete.
 *
 * The page works without this file: every decision is a form that posts and comes back to
 * the next item to decide (its id in the address's #fragment). Here the items become a
 * keyboard list (j/k), each key presses the item's own button, a highlight in the text selects
 * its item, and the entity search suggests as one types. No inline code: the site's
 * Content-Security-Policy allows scripts from files only.
 */
(function () {
  "use strict";

  var screen = document.querySelector(".review-screen");
  if (!screen) {
    return;
  }
  var items = Array.prototype.slice.call(document.querySelectorAll(".review-item"));
  var announcer = document.getElementById("review-announce");
  var current = null;

  // The words spoken to screen readers, translated by the template (data-say-*).
  function say(name) {
    return screen.getAttribute("data-say-" + name) || name;
  }

  function announce(text) {
    // A fresh node, so screen readers read it even when the same words come twice.
    var note = document.createElement("p");
    note.className = "visually-hidden";
    note.textContent = text;
    announcer.appendChild(note);
  }

  function marksOf(item) {
    return document.querySelectorAll('.review-mark[data-item="' + item.id + '"]');
  }

  function select(item, focus, scroll) {
    if (current) {
      current.classList.remove("is-current");
      Array.prototype.forEach.call(marksOf(current), function (mark) {
        mark.classList.remove("is-current");
        mark.removeAttribute("aria-current");
      });
    }
    current = item;
    item.classList.add("is-current");
    var marks = marksOf(item);
    Array.prototype.forEach.call(marks, function (mark) {
      mark.classList.add("is-current");
      mark.setAttribute("aria-current", "true");
    });
    if (focus !== false) {
      item.focus();
    }
    if (scroll === false) {
      return;
    }
    if (marks.length) {
      marks[0].scrollIntoView({block: "nearest"});
    }
    item.scrollIntoView({block: "nearest"});
  }

  function move(step) {
    if (!items.length) {
      return;
    }
    var index = current ? items.indexOf(current) + step : step > 0 ? 0 : items.length - 1;
    index = Math.max(0, Math.min(items.length - 1, index));
    select(items[index]);
  }

  function press(selector, missing) {
    var target = current && current.querySelector(selector);
    if (target) {
      target.click();
    } else {
      announce(missing);
    }
  }

  function focusField(selector, missing) {
    var field = current && current.querySelector(selector);
    if (field) {
      field.focus();
      field.select();
    } else {
      announce(missing);
    }
  }

  function isField(element) {
    return element && /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) {
      return;
    }
    var target = event.target;
    if (isField(target)) {
      if (event.key === "Escape" && target.closest(".review-item")) {
        event.preventDefault();
        closeOptions(target);
        select(target.closest(".review-item"));
      }
      return;
    }
    if (target.tagName === "BUTTON" && (event.key === "Enter" || event.key === " ")) {
      return;
    }
    var handled = true;
    switch (event.key) {
      case "j":
        move(1);
        break;
      case "k":
        move(-1);
        break;
      case "c":
        press("button.review-confirm", say("no-confirm"));
        break;
      case "r":
        press("button.review-reject", say("no-reject"));
        break;
      case "e":
      case "m":
        focusField(".review-entity-input", say("no-entity"));
        break;
      case "a":
        press("button.review-accept-button", say("no-accept"));
        break;
      case "C":
        var all = document.querySelector(".review-confirm-all button");
        if (all) {
          all.click();
        } else {
          announce(say("no-confirm-all"));
        }
        break;
      case "p":
        var button = document.querySelector(".review-publish") || document.querySelector(".review-submit");
        if (button) {
          button.focus();
          announce(button.textContent + ": " + say("press-enter"));
        } else {
          announce(say("no-move"));
        }
        break;
      case "?":
        var keys = document.querySelector(".review-keys");
        keys.open = !keys.open;
        break;
      default:
        handled = false;
    }
    if (handled) {
      event.preventDefault();
    }
  });

  // A highlight in the text selects its item instead of only scrolling to it.
  screen.addEventListener("click", function (event) {
    var mark = event.target.closest("a.review-mark");
    if (!mark) {
      return;
    }
    var item = document.getElementById(mark.getAttribute("data-item"));
    if (item) {
      event.preventDefault();
      history.replaceState(null, "", "#" + item.id);
      select(item);
    }
  });

  // Clicking or tabbing into an item makes it the current one.
  screen.addEventListener("focusin", function (event) {
    var item = event.target.closest && event.target.closest(".review-item");
    if (item && item !== current) {
      select(item, false);
    }
  });

  // The entity autocomplete: a combobox over the search field, a listbox of entities.
  var entitiesUrl = screen.getAttribute("data-entities-url");

  function optionsOf(input) {
    return document.getElementById(input.getAttribute("aria-controls"));
  }

  function closeOptions(input) {
    var list = optionsOf(input);
    if (list) {
      list.hidden = true;
      list.textContent = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(input, option) {
    var item = input.closest(".review-item");
    var form = item.querySelector("form.review-pick");
    form.querySelector("input[name=entity]").value = option.getAttribute("data-id");
    announce(option.textContent);
    form.submit();
  }

  function activate(input, step) {
    var list = optionsOf(input);
    var options = Array.prototype.slice.call(list.querySelectorAll("[role=option]"));
    if (!options.length) {
      return;
    }
    var active = document.getElementById(input.getAttribute("aria-activedescendant"));
    var index = options.indexOf(active) + step;
    if (index < 0) {
      index = options.length - 1;
    } else if (index >= options.length) {
      index = 0;
    }
    options.forEach(function (option) {
      option.setAttribute("aria-selected", "false");
    });
    options[index].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", options[index].id);
    options[index].scrollIntoView({block: "nearest"});
  }

  function show(input, results) {
    var list = optionsOf(input);
    list.textContent = "";
    input.removeAttribute("aria-activedescendant");
    results.forEach(function (entity, index) {
      var option = document.createElement("li");
      option.id = input.id + "-option-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-id", String(entity.id));
      option.textContent = entity.name + " (" + entity.kind_label + ")";
      list.appendChild(option);
    });
    list.hidden = !results.length;
    input.setAttribute("aria-expanded", results.length ? "true" : "false");
    announce(results.length ? say("found").replace("%s", results.length) : say("none-found"));
  }

  Array.prototype.forEach.call(document.querySelectorAll(".review-entity-input"), function (input) {
    var list = document.getElementById(input.getAttribute("data-item") + "-options");
    var timer = null;
    var asked = 0;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var term = input.value.trim();
      if (!term) {
        closeOptions(input);
        return;
      }
      timer = window.setTimeout(function () {
        var ask = ++asked;
        fetch(entitiesUrl + "?q=" + encodeURIComponent(term), {
          credentials: "same-origin",
          headers: {Accept: "application/json"}
        })
          .then(function (response) {
            return response.ok ? response.json() : {results: []};
          })
          .then(function (data) {
            if (ask === asked) {
              show(input, data.results || []);
            }
          })
          .catch(function () {
            announce(say("search-failed"));
          });
      }, 150);
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        activate(input, event.key === "ArrowDown" ? 1 : -1);
      } else if (event.key === "Enter") {
        var active = document.getElementById(input.getAttribute("aria-activedescendant"));
        if (active) {
          event.preventDefault();
          choose(input, active);
        }
      }
    });

    list.addEventListener("mousedown", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) {
        event.preventDefault();
        choose(input, option);
      }
    });

    input.addEventListener("blur", function () {
      window.setTimeout(function () {
        closeOptions(input);
      }, 200);
    });
  });

  // Where the last decision sent us: the next item to decide, or the workflow buttons.
  var target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
  if (target && target.classList.contains("review-item")) {
    select(target);
  } else if (target) {
    target.focus();
  } else {
    // A fresh visit starts at the top of the text; the keys act on the first item to decide.
    var first = document.querySelector(".review-item.is-pending") || items[0];
    if (first) {
      select(first, false, false);
    }
  }
  var said = announcer.querySelector(".messagelist");
  if (said) {
    // Read out what the last decision did once the page has settled.
    window.setTimeout(function () {
      announce(said.textContent.trim());
    }, 300);
  }
})();
