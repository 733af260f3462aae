// Small progressive enhancements; every page works without JavaScript (CSP: no inline scripts).
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    // After a failed submit, move focus to the error summary so screen readers read it first.
    var summary = document.getElementById("form-errors");
    if (summary) {
      summary.focus();
    }

    // The main menu's groups: opening one closes the others, a click elsewhere closes them all.
    var groups = document.querySelectorAll(".site-nav__details, .site-user__account");
    groups.forEach(function (details) {
      details.addEventListener("toggle", function () {
        if (!details.open) {
          return;
        }
        groups.forEach(function (other) {
          if (other !== details) {
            other.open = false;
          }
        });
      });
    });
    document.addEventListener("click", function (event) {
      groups.forEach(function (details) {
        if (details.open && !details.contains(event.target)) {
          details.open = false;
        }
      });
    });

    // Escape closes the municipality switcher (or an open menu group) and returns focus to
    // its toggle.
    var closable = ".switcher__details, .site-nav__details, .site-user__account";
    document.querySelectorAll(closable).forEach(function (details) {
      details.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && details.open) {
          details.open = false;
          var summaryElement = details.querySelector("summary");
          if (summaryElement) {
            summaryElement.focus();
          }
        }
      });
    });
  });
})();
