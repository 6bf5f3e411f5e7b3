/* Accessibility fixes to the admin's autocomplete boxes (Django's select2), found by axe
   (tests/test_reflow_browser.py): the search field of a multiple choice has no label, and the
   "Remove all items" cross (mouse only: Backspace does the same from the keyboard) sits in the
   list of choices as a non-item. select2 redraws both whenever the choice changes, so the fix is
   applied again on every change to the page. No inline script: the Content-Security-Policy. */
(function () {
  "use strict";

  function labelFor(container) {
    var select = container.previousElementSibling;
    if (!select || !select.id) return "";
    var label = document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function fix(root) {
    root.querySelectorAll(".select2-selection__clear:not([aria-hidden])").forEach(function (cross) {
      cross.setAttribute("aria-hidden", "true");
    });
    root.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (field) {
      var container = field.closest(".select2-container");
      var name = container ? labelFor(container) : "";
      if (name) field.setAttribute("aria-label", "Search " + name.toLowerCase());
    });
  }

  function start() {
    fix(document);
    new MutationObserver(function () { fix(document); }).observe(document.body, {
      childList: true,
      subtree: true,
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
