// The weekly attendance grid, keyboard-first. Without this file the grid is a plain form that
// saves the whole week; with it every cell saves itself through htmx as soon as it changes.
//   arrow keys      move between cells (Home/End: first/last day of the row)
//   a z b o g       set the status (aanwezig, ziek, met bericht, zonder bericht, gesloten)
//   Enter / Space   next status
//   Delete          empty the cell (not saved: an empty cell has no status)
(function () {
  "use strict";

  var LETTERS = { a: "present", z: "sick", b: "excused", o: "unexcused", g: "closed" };
  var ORDER = ["present", "sick", "excused", "unexcused", "closed"];

  function cellOf(select) {
    return select.closest("td");
  }

  function stateOf(select) {
    return document.getElementById("s-" + select.name);
  }

  function setState(select, text, kind) {
    var slot = stateOf(select);
    if (!slot) {
      return;
    }
    slot.textContent = "";
    var span = document.createElement("span");
    span.className = "cell-state cell-state--" + kind;
    span.textContent = text;
    slot.appendChild(span);
  }

  function move(select, dRow, dCol) {
    var td = cellOf(select);
    var tr = td.parentElement;
    var col = Array.prototype.indexOf.call(tr.children, td);
    var rows = Array.prototype.slice.call(tr.parentElement.children);
    var r = rows.indexOf(tr);
    // Skip cells without a control (outside the placement, locked, future).
    for (var step = 1; step < 400; step++) {
      var nr = r + dRow * step;
      var nc = col + dCol * step;
      if (nr < 0 || nr >= rows.length || nc < 1 || nc >= tr.children.length) {
        return;
      }
      var target = rows[nr].children[nc] && rows[nr].children[nc].querySelector("select");
      if (target) {
        target.focus();
        return;
      }
    }
  }

  function choose(select, value) {
    if (select.value === value) {
      return;
    }
    select.value = value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function onKeydown(event) {
    var select = event.target;
    if (!(select instanceof HTMLSelectElement) || !select.closest(".attendance-grid")) {
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey) {
      return; // Alt+Down still opens the list
    }
    var key = event.key;
    var handled = true;
    if (key === "ArrowLeft") {
      move(select, 0, -1);
    } else if (key === "ArrowRight") {
      move(select, 0, 1);
    } else if (key === "ArrowUp") {
      move(select, -1, 0);
    } else if (key === "ArrowDown") {
      move(select, 1, 0);
    } else if (key === "Home" || key === "End") {
      var controls = cellOf(select).parentElement.querySelectorAll("select");
      if (controls.length) {
        controls[key === "Home" ? 0 : controls.length - 1].focus();
      }
    } else if (LETTERS[key.toLowerCase()]) {
      choose(select, LETTERS[key.toLowerCase()]);
    } else if (key === "Enter" || key === " ") {
      var next = ORDER[(ORDER.indexOf(select.value) + 1) % ORDER.length];
      choose(select, next);
    } else if (key === "Tab" || key === "Escape") {
      handled = false;
    } else if (key.length === 1) {
      handled = true; // no type-ahead on the Dutch labels: letters mean statuses here
    } else {
      handled = false;
    }
    if (handled) {
      event.preventDefault();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var grid = document.querySelector(".attendance-grid");
    if (!grid) {
      return;
    }
    grid.classList.add("attendance-grid--live");
    grid.addEventListener("keydown", onKeydown);
    grid.addEventListener("change", function (event) {
      var select = event.target;
      if (select instanceof HTMLSelectElement && select.value === "") {
        setState(select, "Niet opgeslagen: kies een status", "error");
      }
    });
    // A status per request: "bezig" while sending, "niet opgeslagen" when it failed.
    document.body.addEventListener("htmx:beforeRequest", function (event) {
      var select = event.detail.elt;
      if (select instanceof HTMLSelectElement && select.value === "") {
        event.preventDefault();
        return;
      }
      if (select instanceof HTMLSelectElement && select.closest(".attendance-grid")) {
        setState(select, "Bezig met opslaan…", "pending");
      }
    });
    ["htmx:responseError", "htmx:sendError", "htmx:timeout"].forEach(function (name) {
      document.body.addEventListener(name, function (event) {
        var select = event.detail.elt;
        if (select instanceof HTMLSelectElement && select.closest(".attendance-grid")) {
          setState(select, "Niet opgeslagen (geen verbinding of geen toegang)", "error");
        }
      });
    });
  });
})();
