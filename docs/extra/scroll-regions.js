// A table wider than the page scrolls sideways inside its wrapper: make such a wrapper a
// focusable region, named by its place on the page, so it scrolls from the keyboard too
// (WCAG 2.1.1).
document$.subscribe(function () {
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap, index) {
    if (wrap.scrollWidth > wrap.clientWidth) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", "Table " + (index + 1) + " of the page, scrolls sideways");
    }
  });
});
