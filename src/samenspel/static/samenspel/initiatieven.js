/* Samenwerkingsinitiatieven: ask before removing a decision or a document
   (<form data-bevestig="question">). Without JavaScript the form simply submits; the history
   keeps what was removed. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    const form = event.target.closest("form[data-bevestig]");
    if (form && !window.confirm(form.dataset.bevestig)) event.preventDefault();
  });
})();
