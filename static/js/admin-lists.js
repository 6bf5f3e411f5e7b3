/* A change list needs the page's width: at 1280 px, with the navigation sidebar and the
   filters both open, its last columns (an action update's Date, Status, Approval) sat
   off-screen. So on a list narrower than 1440 px the sidebar starts closed, through Django's own
   toggle (the « button opens it again, and Django remembers that choice from then on). Runs
   after Django's nav_sidebar.js: both are deferred, in this order. */
(function () {
  "use strict";
  var WIDE_ENOUGH = 1440;
  var toggle = document.getElementById("toggle-nav-sidebar");
  var main = document.getElementById("main");
  var chosen = window.localStorage.getItem("django.admin.navSidebarIsOpen");
  if (
    toggle && main && main.classList.contains("shifted") &&
    document.body.classList.contains("change-list") &&
    chosen === null && window.innerWidth < WIDE_ENOUGH
  ) {
    toggle.click();
  }
})();
