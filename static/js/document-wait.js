// The "being prepared" page of a document (templates/documents/waiting.html): ask the same
// address again, with HEAD, waiting longer each time; open it once the file is ready (200), show
// the failure page if the render failed (503), stop after ten minutes with a message.
// Without JavaScript the page's "Check again" link does the same by hand.
(function () {
  "use strict";
  var status = document.getElementById("document-status");
  if (!status || !window.fetch) {
    return;
  }
  var url = status.getAttribute("data-check-url");
  var delay = Number(status.getAttribute("data-retry-after")) * 1000 || 5000;
  var giveUpAt = Date.now() + 10 * 60 * 1000;

  function say(text) {
    status.textContent = "";
    var paragraph = document.createElement("p");
    paragraph.textContent = text;
    status.appendChild(paragraph);
  }

  function check() {
    fetch(url, { method: "HEAD", credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 200) {
          say("Ready: the file is opening.");
          window.location.replace(url);
          return;
        }
        if (response.status === 503) {
          window.location.reload();
          return;
        }
        var retryAfter = Number(response.headers.get("Retry-After"));
        // Slower and slower (at most every 30 seconds), and never sooner than the server asks.
        delay = Math.min(Math.max(delay * 1.5, (retryAfter || 0) * 1000), 30000);
        schedule();
      })
      .catch(schedule);
  }

  function schedule() {
    if (Date.now() + delay > giveUpAt) {
      say("It is taking longer than usual. Use “Check again” in a few minutes.");
      return;
    }
    window.setTimeout(check, delay);
  }

  say("This page checks every few seconds and opens the file when it is ready.");
  window.setTimeout(check, delay);
})();
