/* Samenspel: small behaviour for every page, in a file because the Content Security Policy
   forbids inline scripts and on…-attributes.
   - <button data-actie="afdrukken"> opens the print dialog.
   - Tables: every table in the page scrolls sideways inside its own window (.tabel-venster);
     when it is wider than the screen the window gets the class "schuift" on its .tabel, which
     shows the hint "Schuif de tabel opzij" and a shadow at the edge (site.css). Tables that a
     template did not put in such a window are wrapped here.
   - <form data-live-filter="ID">: the list with id ID follows the form while typing (the
     search field, after a short pause) and on every change of a choice: the page is fetched
     with the form's query, as "Toon" would, and only the part ID is replaced; the address
     follows (history.replaceState). Without JavaScript "Toon" does the same with a reload. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    const knop = event.target.closest("[data-actie='afdrukken']");
    if (knop) {
      event.preventDefault();
      window.print();
    }
  });

  // ------------------------------------------------------------ tables that scroll sideways

  function hint() {
    const p = document.createElement("p");
    p.className = "schuif-hint";
    p.setAttribute("aria-hidden", "true");
    p.textContent = "Schuif de tabel opzij voor meer kolommen →";
    return p;
  }

  /** Puts a table that is not in a .tabel-venster into one (and a .tabel around it if needed). */
  function venster(table) {
    if (table.closest(".tabel-venster") || table.closest("svg, .kaart")) return;
    let omhulsel = table.parentElement.classList.contains("tabel") ? table.parentElement : null;
    if (!omhulsel) {
      omhulsel = document.createElement("div");
      omhulsel.className = "tabel";
      table.parentElement.insertBefore(omhulsel, table);
      omhulsel.appendChild(table);
    }
    const raam = document.createElement("div");
    raam.className = "tabel-venster";
    // keyboard users scroll the window: it takes the focus and the name of the region
    raam.setAttribute("tabindex", "0");
    raam.setAttribute("role", "region");
    const naam = omhulsel.getAttribute("aria-label") ||
      (table.caption ? table.caption.textContent.trim() : "") || "Tabel";
    raam.setAttribute("aria-label", naam + " (schuift zijwaarts)");
    for (const a of ["tabindex", "role", "aria-label"]) omhulsel.removeAttribute(a);
    omhulsel.insertBefore(raam, table);
    raam.appendChild(table);
    omhulsel.insertBefore(hint(), raam);
    omhulsel.classList.add("met-venster");
  }

  /** Marks the windows whose table is wider than they are. Only those are a keyboard stop
      (a named region that arrow keys scroll); a table that fits is not an extra Tab stop. */
  function meetTabellen() {
    for (const raam of document.querySelectorAll(".tabel-venster")) {
      const omhulsel = raam.closest(".tabel");
      if (!raam.clientWidth) continue; // not shown (closed <details>): measured when it opens
      const schuift = raam.scrollWidth > raam.clientWidth + 1;
      if (omhulsel) omhulsel.classList.toggle("schuift", schuift);
      if (!raam.dataset.naam) raam.dataset.naam = raam.getAttribute("aria-label") || "";
      if (schuift) {
        raam.setAttribute("tabindex", "0");
        raam.setAttribute("role", "region");
        if (raam.dataset.naam) raam.setAttribute("aria-label", raam.dataset.naam);
      } else {
        for (const a of ["tabindex", "role", "aria-label"]) raam.removeAttribute(a);
      }
    }
  }

  function tabellen() {
    for (const table of document.querySelectorAll("main table")) venster(table);
    meetTabellen();
  }

  let timer = 0;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(meetTabellen, 150);
  });
  // a closed <details> has no width yet: measure again when it opens
  document.addEventListener("toggle", meetTabellen, true);

  // ------------------------------------------------------------ live filter of a list

  function liveFilter(form) {
    const doel = document.getElementById(form.dataset.liveFilter);
    if (!doel || !window.fetch || !window.DOMParser) return;
    let wacht = 0;
    let verzoek = 0;

    function adres() {
      const url = new URL(form.getAttribute("action") || window.location.pathname, document.baseURI);
      const velden = new URLSearchParams();
      for (const [k, v] of new FormData(form)) if (String(v).trim()) velden.append(k, v);
      if (velden.get("sorteer") === "naam") velden.delete("sorteer");
      url.search = velden.toString();
      return url;
    }

    function ververs() {
      const url = adres();
      const nummer = ++verzoek;
      doel.setAttribute("aria-busy", "true");
      fetch(url.href, { headers: { Accept: "text/html" }, credentials: "same-origin" })
        .then(function (antwoord) {
          if (!antwoord.ok) throw new Error("HTTP " + antwoord.status);
          return antwoord.text();
        })
        .then(function (tekst) {
          if (nummer !== verzoek) return; // intussen verder getypt
          const nieuw = new DOMParser().parseFromString(tekst, "text/html")
            .getElementById(doel.id);
          if (!nieuw) throw new Error("geen #" + doel.id + " in het antwoord");
          doel.replaceChildren.apply(doel, Array.from(nieuw.childNodes).map(function (n) {
            return document.importNode(n, true);
          }));
          window.history.replaceState(window.history.state, "", url.href);
          tabellen();
          doel.dataset.gefilterd = url.search;
        })
        .catch(function () {
          if (nummer === verzoek) form.submit(); // de gewone weg: de pagina herladen
        })
        .then(function () { if (nummer === verzoek) doel.removeAttribute("aria-busy"); });
    }

    form.addEventListener("input", function (e) {
      if (e.target.type !== "search" && e.target.type !== "text") return;
      clearTimeout(wacht);
      wacht = setTimeout(ververs, 250);
    });
    form.addEventListener("change", function (e) {
      if (e.target.type === "search" || e.target.type === "text") return;
      clearTimeout(wacht);
      ververs();
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(wacht);
      ververs();
    });
  }

  function start() {
    tabellen();
    for (const form of document.querySelectorAll("form[data-live-filter]")) liveFilter(form);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
