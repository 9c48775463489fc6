/* Samenspel — scenario.js: small helpers of the scenario page (no inline scripts: CSP).

   * For the print (the button data-actie="afdrukken" of site.js) every closed <details> (the
     reasons per group) opens, and closes again afterwards.
   * In the form data-verplaats, the "naar groep" list only offers the groups the chosen
     municipality borders (its <option data-naar="1,3">, group indices from 0); the server
     checks it again. */
(function () {
  "use strict";

  function verplaats(form) {
    const gemeente = form.querySelector("select[name=verplaats]");
    const naar = form.querySelector("select[name=naar]");
    if (!gemeente || !naar) return;
    const alle = Array.from(naar.options).map(function (o) { return o.cloneNode(true); });
    function filter() {
      const gekozen = gemeente.options[gemeente.selectedIndex];
      const toegelaten = new Set(((gekozen && gekozen.dataset.naar) || "").split(",")
        .filter(Boolean).map(function (k) { return String(Number(k) + 1); }));
      const vorige = naar.value;
      naar.textContent = "";
      for (const o of alle) {
        if (!toegelaten.size || toegelaten.has(o.value)) naar.appendChild(o.cloneNode(true));
      }
      if (Array.from(naar.options).some(function (o) { return o.value === vorige; })) naar.value = vorige;
    }
    gemeente.addEventListener("change", filter);
    filter();
  }

  /** Printing shows the reasons of every group: closed <details> open for the print. */
  function openBijAfdrukken() {
    let geopend = [];
    window.addEventListener("beforeprint", function () {
      geopend = Array.from(document.querySelectorAll("main details:not([open])"));
      for (const d of geopend) d.open = true;
    });
    window.addEventListener("afterprint", function () {
      for (const d of geopend) d.open = false;
      geopend = [];
    });
  }

  function start() {
    openBijAfdrukken();
    for (const form of document.querySelectorAll("form[data-verplaats]")) verplaats(form);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
