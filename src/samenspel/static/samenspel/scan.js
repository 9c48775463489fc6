/* Samenwerkingsscan.
   - "Nieuwe scan": show only the field that belongs to the chosen kind of group (an IGS, or
     municipalities by name). Without JavaScript both fields stay visible and the server
     ignores the other one.
   - The answer form: after a refused submission the list of problems takes the focus, so that
     a screen reader reads it first. */
(function () {
  "use strict";
  const fouten = document.getElementById("fouten");
  if (fouten) fouten.focus();
  const form = document.querySelector("form[data-scan-groep]");
  if (!form) return;
  const velden = {
    igs: form.querySelector("[data-voor='igs']"),
    gemeenten: form.querySelector("[data-voor='gemeenten']"),
  };
  function toon() {
    const gekozen = form.querySelector("input[name='soort']:checked");
    const soort = gekozen ? gekozen.value : "igs";
    for (const [naam, veld] of Object.entries(velden)) {
      if (veld) veld.hidden = naam !== soort;
    }
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "soort") toon();
  });
  toon();
})();
