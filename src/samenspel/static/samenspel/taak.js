// Polls the status of a background job (/taken/<id>/) and reloads the page when it is done.
// No inline script: the page includes this file. Bounded: at most MAX_POLLS polls, with the
// interval growing from 1 s to 5 s (about an hour in all).
(function () {
  "use strict";
  var MAX_POLLS = 800;
  document.querySelectorAll("[data-taak]").forEach(function (box) {
    var url = box.getAttribute("data-status-url");
    var bar = box.querySelector("[data-taak-balk]");
    var pct = box.querySelector("[data-taak-procent]");
    var msg = box.querySelector("[data-taak-bericht]");
    var err = box.querySelector("[data-taak-fout]");
    if (!url || !bar) return; // finished already: nothing to poll
    var polls = 0;
    var delay = 1000;
    function show(s) {
      bar.value = s.procent;
      bar.textContent = s.procent + " %";
      if (pct) pct.textContent = s.procent + " %";
      if (msg && s.bericht) msg.textContent = s.bericht;
    }
    function poll() {
      polls += 1;
      fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" })
        .then(function (r) {
          if (!r.ok) throw new Error("status " + r.status);
          return r.json();
        })
        .then(function (s) {
          show(s);
          if (s.klaar || s.mislukt) {
            window.location.reload();
            return;
          }
          next();
        })
        .catch(function () {
          if (err) {
            err.hidden = false;
            err.textContent = "De status kon niet worden opgehaald; we proberen het opnieuw.";
          }
          next();
        });
    }
    function next() {
      if (polls >= MAX_POLLS) return;
      delay = Math.min(delay * 1.25, 5000);
      window.setTimeout(poll, delay);
    }
    window.setTimeout(poll, delay);
  });
})();
