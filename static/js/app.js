// Small progressive enhancements; every page works without JavaScript (CSP: no inline scripts).
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    // After a failed submit, move focus to the error summary so screen readers read it first.
    var summary = document.getElementById("form-errors");
    if (summary) {
      summary.focus();
    }

    // Escape closes the municipality switcher and returns focus to its toggle.
    document.querySelectorAll(".switcher__details").forEach(function (details) {
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
