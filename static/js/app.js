/*
 * Code24 dashboard behaviour. Every page works without this file; it adds:
 * - copy buttons: any [data-copy] button copies its value and says "Copied";
 * - menus (<details class="menu">): close on Escape and on a click elsewhere;
 * - forms with data-confirm="Question?" ask before they submit;
 * - a notice when an htmx request fails (server error or no connection);
 * - polled content with data-announce is read out when its sentence changes.
 * Listeners are delegated from document, so content htmx swaps in works too.
 */
(function () {
  "use strict";

  var COPIED_MS = 2000;

  // --- A polite live region for short announcements --------------------------------

  function announcer() {
    var region = document.getElementById("js-announcer");
    if (!region) {
      region = document.createElement("div");
      region.id = "js-announcer";
      region.className = "visually-hidden";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    return region;
  }

  function announce(text) {
    var region = announcer();
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = text;
    }, 50);
  }

  // --- Copy to clipboard -----------------------------------------------------------

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain-http development servers have no Clipboard API: use a hidden textarea.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      try {
        if (document.execCommand("copy")) {
          resolve();
        } else {
          reject(new Error("copy refused"));
        }
      } catch (err) {
        reject(err);
      } finally {
        document.body.removeChild(area);
      }
    });
  }

  function flash(button, label, className) {
    if (!button.dataset.label) {
      button.dataset.label = button.textContent;
    }
    window.clearTimeout(Number(button.dataset.timer || 0));
    button.textContent = label;
    button.classList.add(className);
    button.dataset.timer = String(
      window.setTimeout(function () {
        button.textContent = button.dataset.label;
        button.classList.remove(className);
      }, COPIED_MS)
    );
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) {
      return;
    }
    event.preventDefault();
    copyText(button.getAttribute("data-copy")).then(
      function () {
        flash(button, "Copied", "is-copied");
        announce("Copied to the clipboard.");
      },
      function () {
        flash(button, "Select and copy", "is-failed");
        announce("Could not copy. Select the text and copy it by hand.");
      }
    );
  });

  // --- Menus -----------------------------------------------------------------------

  function openMenus() {
    return document.querySelectorAll("details.menu[open]");
  }

  document.addEventListener("click", function (event) {
    openMenus().forEach(function (menu) {
      if (!menu.contains(event.target)) {
        menu.removeAttribute("open");
      }
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    openMenus().forEach(function (menu) {
      menu.removeAttribute("open");
      if (menu.contains(document.activeElement)) {
        menu.querySelector("summary").focus();
      }
    });
  });

  // Opening one menu closes the others.
  document.addEventListener(
    "toggle",
    function (event) {
      var menu = event.target;
      if (!(menu instanceof HTMLDetailsElement) || !menu.classList.contains("menu")) {
        return;
      }
      if (menu.open) {
        openMenus().forEach(function (other) {
          if (other !== menu) {
            other.removeAttribute("open");
          }
        });
      }
    },
    true
  );

  // --- Confirmations ---------------------------------------------------------------

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // --- Polled content that speaks ----------------------------------------------------
  // Content htmx swaps in with data-announce="A sentence." has the sentence read out by
  // screen readers, once each time it changes (the build page's progress, for one).

  var lastAnnounced = null;

  document.addEventListener("htmx:afterSettle", function () {
    var element = document.querySelector("[data-announce]");
    if (!element) {
      return;
    }
    var text = element.getAttribute("data-announce");
    if (text && lastAnnounced !== null && text !== lastAnnounced) {
      announce(text);
    }
    lastAnnounced = text;
  });

  // --- htmx failures ---------------------------------------------------------------

  function notice(text) {
    var region = document.getElementById("js-toasts");
    if (!region) {
      region = document.createElement("div");
      region.id = "js-toasts";
      region.className = "toast-region";
      document.body.appendChild(region);
    }
    var alert = document.createElement("div");
    alert.className = "alert alert--error";
    alert.setAttribute("role", "alert");
    var body = document.createElement("p");
    body.className = "alert-body";
    body.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn btn--small btn--ghost";
    close.textContent = "Dismiss";
    close.addEventListener("click", function () {
      alert.remove();
    });
    alert.appendChild(body);
    alert.appendChild(close);
    region.appendChild(alert);
    window.setTimeout(function () {
      alert.remove();
    }, 10000);
  }

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail && event.detail.xhr ? event.detail.xhr.status : 0;
    if (status === 403) {
      notice("You don't have permission to do that in this workspace.");
    } else if (status === 404) {
      notice("That item no longer exists. Reload the page to see the latest state.");
    } else if (status === 429) {
      notice("Too many requests. Wait a minute, then try again.");
    } else {
      notice("Something went wrong on our side (" + status + "). Please try again in a moment.");
    }
  });

  document.addEventListener("htmx:sendError", function () {
    notice("Code24 could not be reached. Check your connection and try again.");
  });
})();
