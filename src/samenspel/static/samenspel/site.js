/* Samenspel: small behaviour for every page, in a file because the Content Security Policy
   forbids inline scripts and on…-attributes.
   - <button data-actie="afdrukken"> opens the print dialog. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    const knop = event.target.closest("[data-actie='afdrukken']");
    if (knop) {
      event.preventDefault();
      window.print();
    }
  });
})();
