/*
 * Samenspel — kaart.js
 *
 * Tekent de Vlaamse gemeenten als SVG-kaart, gekleurd volgens het IGS bovenlokale cultuur
 * waartoe ze op de peildatum behoren. Geen framework, geen bouwstap.
 *
 * Markup (zie de templates):
 *   <figure class="kaart" data-kaart data-topologie="…/topologie.json"
 *           data-toestand="…/toestand.json" data-peildatum="2026-11-28"
 *           data-gemeente-url="/gemeenten/REFNIS/" data-focus="44021,44019">
 *     <div class="kaart-svg" aria-hidden="false"></div>
 *     <figcaption class="kaart-legende"></figcaption>
 *   </figure>
 *   <form data-peildatum-form> … <input type="date" name="peildatum"> … </form>
 *
 * Peildatum: een andere datum kiezen in het formulier (change) kleurt de kaart ter plaatse
 * en toont boven de kaart een melding dat de rest van de pagina nog de oude datum toont;
 * "Toon" verzendt het formulier gewoon (GET), zodat de hele pagina de nieuwe datum krijgt.
 * Een gemeente openen gaat naar data-gemeente-url + "?peildatum=" + de datum van de kaart.
 *
 * De topologie (formaat: samenspel/territory/topo.py) wordt één keer per URL opgehaald;
 * de toestand (welke gemeente in welk IGS zit) bij elke nieuwe peildatum, als
 * data-toestand + "?peildatum=JJJJ-MM-DD":
 *   {"peildatum": "2026-11-28",
 *    "igs": [{"slug": "comeet", "naam": "COMEET (…)", "kleur": "#E69F00"}, …],
 *    "gemeenten": {"44087": {"status": "gedeeltelijk", "igs": ["comeet"], "deel": "Wachtebeke"},
 *                  "44021": {"status": "geen", "igs": [], "centrumstad": true}, …}}
 * status is "volledig", "gedeeltelijk" of "geen"; "naam" en "centrumstad" per gemeente zijn
 * optioneel (anders die uit de topologie). Na de eerste weergave krijgt de figuur
 * data-geladen="1", na elke kleuring data-status-peildatum="JJJJ-MM-DD" (handig om in
 * browsertests op te wachten).
 *
 * Elk IGS heeft een nummer (zijn plaats in "igs", vanaf 1): in de legende en één keer op de
 * kaart, want er zijn meer IGS dan kleuren (op een focuskaart enkel als twee IGS in beeld een
 * kleur delen). Namen op een focuskaart overlappen elkaar niet: de naam van een kleinere
 * gemeente die zou botsen, valt weg (de tooltip noemt ze nog). Rond piepkleine losse delen
 * (de enclaves van Baarle-Hertog) tekent de kaart geen dikke grenslijn.
 *
 * Centrumsteden: op een kaart zonder gemeentenamen (heel Vlaanderen, een grote focus) staat
 * de naam van elke centrumstad bij haar symbool: eronder, anders erboven, rechts of links;
 * past dat nergens zonder overlap, dan valt de naam weg. De legende noemt altijd alle
 * centrumsteden, zodat ook op een gsm (390 px) elke naam te lezen is.
 *
 * data-modus="regio" (de lijst van referentieregio's): elke gemeente in de kleur van haar
 * referentieregio (uit toestand.regios: code, slug, naam, kleur), de naam van elke regio op
 * de kaart, en een klik opent de regiopagina (data-regio-url, SLUG wordt de slug).
 *
 * Toegankelijkheid: elk zichtbaar gemeentepad is een link (role="link", tabindex="0",
 * aria-label met naam en IGS); Enter of klik opent de gemeentepagina; de tooltip verschijnt
 * bij muis en focus, blijft staan als de muis erop komt en verdwijnt met Escape.
 * Aanraakscherm: de eerste tik op een gemeente toont haar naam en IGS in de tooltip (met een
 * link naar haar pagina), pas een tweede tik op dezelfde gemeente (of de link) opent ze; de
 * adresbalk verandert bij de eerste tik niet.
 * Niet gedekt en gedeeltelijk gedekt verschillen ook in patroon, niet enkel in kleur.
 */
(function () {
  "use strict";

  const SVG_NS = "http://www.w3.org/2000/svg";
  const FOUT_LADEN =
    "De kaart kon niet geladen worden; de tabel hieronder toont dezelfde gegevens.";
  const GEEN_KLEUR = "#EBEBEB"; // niet gedekt: lichtgrijs …
  const GEEN_STIP = "#6E6E6E"; // … met fijne stippen, zodat het niet enkel kleur is
  const MAX_LABELS = 40; // namen tonen bij focus op hoogstens zoveel gemeenten
  const KLEIN = 24; // geen dikke grenslijn rond losse delen kleiner dan zoveel pixels
  // Groottes in schermpixels (zie meetSchaal).
  const LABEL_PX = 13; // lettergrootte van de gemeentenamen
  const STAD_PX = 4.5; // straal van het centrumstadsymbool
  const NUMMER_PX = 8.5; // straal van het IGS-nummer

  const topologieën = new Map(); // url → Promise<voorbereide topologie>
  let teller = 0; // voor unieke id's per kaart (patronen)

  // ------------------------------------------------------------------ hulpjes

  function svg(naam, attributen, ouder) {
    const el = document.createElementNS(SVG_NS, naam);
    for (const [k, v] of Object.entries(attributen || {})) el.setAttribute(k, v);
    if (ouder) ouder.appendChild(el);
    return el;
  }

  function html(naam, klasse, tekst) {
    const el = document.createElement(naam);
    if (klasse) el.className = klasse;
    if (tekst !== undefined) el.textContent = tekst;
    return el;
  }

  function laadJson(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (antwoord) {
        if (!antwoord.ok) throw new Error(url + ": HTTP " + antwoord.status);
        return antwoord.json();
      });
  }

  /** "2026-11-28" → "28/11/2026" (Belgische notatie). */
  function datumTekst(iso) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? m[3] + "/" + m[2] + "/" + m[1] : iso || "";
  }

  function geldigeDatum(iso) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return Boolean(m) && Number(m[1]) >= 1900 && Number(m[1]) <= 2200;
  }

  function opsomming(namen) {
    if (namen.length <= 1) return namen.join("");
    return namen.slice(0, -1).join(", ") + " en " + namen[namen.length - 1];
  }

  // ------------------------------------------------------------------ topologie

  /** Delta-gecodeerde boog [x0, y0, dx1, dy1, …] → [[x, y], …]. */
  function decodeerBoog(plat) {
    const punten = [];
    let x = 0;
    let y = 0;
    for (let i = 0; i < plat.length; i += 2) {
      x += plat[i];
      y += plat[i + 1];
      punten.push([x, y]);
    }
    return punten;
  }

  /** Ring uit boogverwijzingen: i = boog i, ~i (negatief) = boog i omgekeerd. */
  function ringPunten(verwijzingen, bogen) {
    const punten = [];
    for (const r of verwijzingen) {
      const boog = r >= 0 ? bogen[r] : bogen[~r].slice().reverse();
      for (let i = punten.length ? 1 : 0; i < boog.length; i++) punten.push(boog[i]);
    }
    return punten;
  }

  function lijn(punten) {
    return "M" + punten.map(function (p) { return p[0] + " " + p[1]; }).join("L");
  }

  /**
   * Bereidt de topologie één keer voor: padgegevens, kaders, oppervlakten en grenzen.
   * Per grensboog onthouden we ook `maat`: hoe groot de losse ringen zijn die hem gebruiken
   * (de grootste zijde van hun kader). Een losse ring heeft geen enkele Vlaamse buur: een
   * enclave, een eiland, een gat. Zo kan de kaart de dikke grenslijnen rond piepkleine
   * losse delen weglaten (de enclaves van Baarle-Hertog zouden anders zwarte vlekken worden)
   * zonder gaten te slaan in een doorlopende grens. Andere ringen: maat oneindig.
   */
  function bereidVoor(topo) {
    const bogen = topo.arcs.map(decodeerBoog);
    const maat = new Array(bogen.length).fill(0);
    const gemeenten = topo.gemeenten.map(function (g, index) {
      const kader = [Infinity, Infinity, -Infinity, -Infinity];
      let d = "";
      let oppervlakte = 0; // schoenveter; buitenringen en gaten hebben een tegengestelde zin
      for (const polygoon of g.polygons) {
        for (const ring of polygoon) {
          const punten = ringPunten(ring, bogen);
          const rk = [Infinity, Infinity, -Infinity, -Infinity];
          punten.forEach(function ([x, y], i) {
            rk[0] = Math.min(rk[0], x);
            rk[1] = Math.min(rk[1], y);
            rk[2] = Math.max(rk[2], x);
            rk[3] = Math.max(rk[3], y);
            const [x2, y2] = punten[(i + 1) % punten.length];
            oppervlakte += x * y2 - x2 * y;
          });
          kader[0] = Math.min(kader[0], rk[0]);
          kader[1] = Math.min(kader[1], rk[1]);
          kader[2] = Math.max(kader[2], rk[2]);
          kader[3] = Math.max(kader[3], rk[3]);
          const los = ring.every(function (r) { return topo.sides[r >= 0 ? r : ~r].includes(-1); });
          const grootte = los ? Math.max(rk[2] - rk[0], rk[3] - rk[1]) : Infinity;
          for (const r of ring) {
            const boog = r >= 0 ? r : ~r;
            maat[boog] = Math.max(maat[boog], grootte);
          }
          d += lijn(punten) + "Z";
        }
      }
      return {
        index: index,
        refnis: g.id,
        naam: g.name || g.id,
        regio: g.region,
        centrumstad: Boolean(g.centrumstad),
        label: g.label,
        d: d,
        kader: kader,
        oppervlakte: Math.abs(oppervlakte) / 2,
      };
    });
    // Grenzen van referentieregio's: bogen met links en rechts een andere regio;
    // de omtrek van Vlaanderen: bogen met aan één kant niets (-1).
    const grenzen = [];
    topo.sides.forEach(function (kanten, i) {
      const a = kanten[0];
      const b = kanten[1];
      const omtrek = a < 0 || b < 0;
      if (omtrek || gemeenten[a].regio !== gemeenten[b].regio) {
        grenzen.push({ omtrek: omtrek, d: lijn(bogen[i]), maat: maat[i] });
      }
    });
    return {
      bbox: topo.bbox,
      gemeenten: gemeenten,
      perRefnis: new Map(gemeenten.map(function (g) { return [g.refnis, g]; })),
      grenzen: grenzen,
    };
  }

  function topologie(url) {
    if (!topologieën.has(url)) topologieën.set(url, laadJson(url).then(bereidVoor));
    return topologieën.get(url);
  }

  // ------------------------------------------------------------------ één kaart

  function Kaart(figuur) {
    this.figuur = figuur;
    this.id = "kaart" + ++teller;
    this.houder = figuur.querySelector(".kaart-svg") || figuur.appendChild(html("div", "kaart-svg"));
    this.legende = figuur.querySelector(".kaart-legende");
    this.verzoek = 0; // alleen het antwoord op het laatste verzoek telt
    this.patronen = new Map(); // sleutel → id van een <pattern>
    this.modus = figuur.dataset.modus === "regio" ? "regio" : "igs";
    this.focus = new Set(
      (figuur.dataset.focus || "").split(",").map(function (s) { return s.trim(); }).filter(Boolean)
    );
    // De peildatum van de rest van de pagina (kerncijfers, tabellen, downloads).
    this.paginaDatum = figuur.dataset.peildatum || "";
    // Zichtbare melding (beleefde live-regio) als de kaart een andere datum toont dan de
    // rest van de pagina. Ze staat er van bij het begin, leeg, zodat schermlezers ze volgen.
    this.melding = html("p", "kaart-melding");
    this.melding.setAttribute("aria-live", "polite");
    figuur.insertBefore(this.melding, this.houder);
  }

  Kaart.prototype.start = function () {
    const kaart = this;
    const datum = this.figuur.dataset.peildatum || "";
    return Promise.all([topologie(this.figuur.dataset.topologie), this.haalToestand(datum)])
      .then(function (resultaat) {
        kaart.teken(resultaat[0]);
        kaart.kleur(resultaat[1].toestand, datum);
        kaart.figuur.dataset.geladen = "1";
        // intussen een andere peildatum gekozen?
        if (kaart.wachtend && kaart.wachtend !== datum) kaart.wijzigPeildatum(kaart.wachtend);
      })
      .catch(function (fout) {
        kaart.toonFout(FOUT_LADEN);
        if (window.console) console.error(fout);
      });
  };

  Kaart.prototype.haalToestand = function (datum) {
    const nummer = ++this.verzoek;
    const url = new URL(this.figuur.dataset.toestand, document.baseURI);
    if (datum) url.searchParams.set("peildatum", datum);
    return laadJson(url.href).then(function (toestand) {
      return { nummer: nummer, toestand: toestand };
    });
  };

  /** Nieuwe peildatum: toestand ophalen en de paden ter plaatse herkleuren. */
  Kaart.prototype.wijzigPeildatum = function (datum) {
    const kaart = this;
    if (!this.data) {
      this.wachtend = datum; // nog niet getekend: na de eerste weergave
      return;
    }
    this.figuur.dataset.peildatum = datum;
    this.figuur.setAttribute("aria-busy", "true");
    this.haalToestand(datum)
      .then(function (antwoord) {
        if (antwoord.nummer !== kaart.verzoek) return; // intussen een nieuwere datum
        kaart.verbergFout();
        kaart.kleur(antwoord.toestand, datum);
      })
      .catch(function (fout) {
        kaart.toonFout(
          "De kaart kon niet bijgewerkt worden voor peildatum " + datumTekst(datum) +
          ". Probeer het opnieuw of herlaad de pagina."
        );
        if (window.console) console.error(fout);
      })
      .then(function () { kaart.figuur.removeAttribute("aria-busy"); });
  };

  Kaart.prototype.toonFout = function (tekst) {
    if (!this.fout) {
      this.fout = html("p", "kaart-fout");
      this.fout.setAttribute("role", "status");
      this.figuur.insertBefore(this.fout, this.figuur.firstChild);
    }
    this.fout.textContent = tekst;
    this.fout.hidden = false;
  };

  Kaart.prototype.verbergFout = function () {
    if (this.fout) this.fout.hidden = true;
  };

  // ------------------------------------------------------------------ tekenen

  /** Kader (viewBox) van de focusgemeenten, met marge; anders heel Vlaanderen. */
  Kaart.prototype.berekenKader = function (data) {
    const b = data.bbox;
    const kader = [Infinity, Infinity, -Infinity, -Infinity];
    for (const refnis of this.focus) {
      const g = data.perRefnis.get(refnis);
      if (!g) continue;
      kader[0] = Math.min(kader[0], g.kader[0]);
      kader[1] = Math.min(kader[1], g.kader[1]);
      kader[2] = Math.max(kader[2], g.kader[2]);
      kader[3] = Math.max(kader[3], g.kader[3]);
    }
    if (!isFinite(kader[0])) {
      const rand = (b[2] - b[0]) * 0.01;
      return [b[0] - rand, b[1] - rand, b[2] - b[0] + 2 * rand, b[3] - b[1] + 2 * rand];
    }
    let w = kader[2] - kader[0];
    let h = kader[3] - kader[1];
    const rand = Math.max(w, h) * 0.08 + (b[2] - b[0]) * 0.005;
    w += 2 * rand;
    h += 2 * rand;
    // liggend formaat, tussen 3 : 2 en de verhouding van Vlaanderen zelf (ca. 2,6 : 1)
    const breed = Math.max(w, h * 1.5);
    const hoog = Math.max(h, breed / 2.6);
    const cx = (kader[0] + kader[2]) / 2;
    const cy = (kader[1] + kader[3]) / 2;
    return [cx - breed / 2, cy - hoog / 2, breed, hoog];
  };

  Kaart.prototype.teken = function (data) {
    this.data = data;
    // onbekende REFNIS in data-focus negeren (zonder geldige focus: heel Vlaanderen)
    this.focus = new Set(Array.from(this.focus).filter(function (r) { return data.perRefnis.has(r); }));
    const vb = this.berekenKader(data);
    this.viewBox = vb;

    const wortel = svg("svg", {
      viewBox: vb.map(function (v) { return Math.round(v); }).join(" "),
      role: "group",
      "aria-roledescription": "kaart",
    });
    this.wortel = wortel;
    this.defs = svg("defs", {}, wortel);

    // Gemeenten: één pad per gemeente, bereikbaar met Tab, Enter opent de gemeentepagina.
    const laag = svg("g", { class: "kaart-gemeenten" }, wortel);
    this.paden = new Map();
    for (const g of data.gemeenten) {
      const pad = svg("path", { d: g.d, class: "kaart-gemeente", "data-refnis": g.refnis }, laag);
      const zichtbaar =
        g.kader[2] >= vb[0] && g.kader[0] <= vb[0] + vb[2] &&
        g.kader[3] >= vb[1] && g.kader[1] <= vb[1] + vb[3];
      if (zichtbaar) {
        pad.setAttribute("tabindex", "0");
        pad.setAttribute("role", "link");
      } else {
        pad.setAttribute("aria-hidden", "true"); // buiten beeld: niet in de tabvolgorde
      }
      if (this.focus.size && !this.focus.has(g.refnis)) pad.classList.add("kaart-gedimd");
      this.paden.set(g.refnis, pad);
    }
    // de grenslijnen krijgen hun d in meetSchaal (kleine delen hangen af van de schaal)
    this.regiogrenzen = svg("path", { class: "kaart-regiogrenzen", "aria-hidden": "true" }, wortel);
    this.omtrek = svg("path", { class: "kaart-omtrek", "aria-hidden": "true" }, wortel);
    this.symbolen = svg("g", { class: "kaart-symbolen", "aria-hidden": "true" }, wortel);
    this.nummers = svg("g", { class: "kaart-nummers", "aria-hidden": "true" }, wortel);
    this.labels = svg("g", { class: "kaart-labels", "aria-hidden": "true" }, wortel);
    const markering = svg("g", { class: "kaart-markering", "aria-hidden": "true" }, wortel);
    this.halo = svg("path", { class: "kaart-markering-halo", d: "" }, markering);
    this.rand = svg("path", { class: "kaart-markering-rand", d: "" }, markering);

    // Namen bij een focuskaart met weinig gemeenten, de grootste gemeente eerst: zo
    // wint die als twee namen elkaar zouden overlappen (zie plaatsLabels).
    if (this.focus.size && this.focus.size <= MAX_LABELS) {
      const opGrootte = Array.from(this.focus, function (r) { return data.perRefnis.get(r); })
        .sort(function (a, b) { return b.oppervlakte - a.oppervlakte; });
      for (const g of opGrootte) {
        const tekst = svg("text", {
          x: g.label[0], y: g.label[1], "data-refnis": g.refnis, "text-anchor": "middle",
        }, this.labels);
        tekst.textContent = g.naam;
      }
    } else if (this.modus === "igs") {
      // geen gemeentenamen: dan wel de centrumsteden, de grootste eerst
      const steden = data.gemeenten.filter(function (g) { return g.centrumstad; })
        .sort(function (a, b) { return b.oppervlakte - a.oppervlakte; });
      for (const g of steden) {
        const tekst = svg("text", {
          x: g.label[0], y: g.label[1], "data-refnis": g.refnis, class: "kaart-stad",
          "text-anchor": "middle",
        }, this.labels);
        tekst.textContent = g.naam;
      }
    }

    this.tooltip = html("div", "kaart-tooltip");
    this.tooltip.id = this.id + "-tooltip";
    this.tooltip.setAttribute("role", "tooltip");
    this.tooltip.hidden = true;

    this.houder.textContent = "";
    this.houder.appendChild(wortel);
    this.houder.appendChild(this.tooltip);
    this.meetSchaal();
    this.volgBreedte();

    this.koppelGebeurtenissen();
  };

  /**
   * Symbolen, arcering en namen krijgen een vaste grootte in schermpixels: `eenheid` is
   * het aantal kaarteenheden per pixel bij de huidige breedte van de kaart. De dikke
   * grenslijnen slaan delen over die kleiner zijn dan KLEIN pixels: daar is de lijn
   * breder dan het deel zelf.
   */
  Kaart.prototype.meetSchaal = function () {
    this.breedte = this.houder.clientWidth || 1000;
    this.eenheid = this.viewBox[2] / Math.max(this.breedte, 280);
    for (const tekst of this.labels.children) {
      tekst.setAttribute("font-size", (LABEL_PX * this.eenheid).toFixed(1));
    }
    const minimum = KLEIN * this.eenheid;
    let regio = "";
    let omtrek = "";
    for (const grens of this.data.grenzen) {
      if (grens.maat < minimum) continue;
      if (grens.omtrek) omtrek += grens.d;
      else regio += grens.d;
    }
    this.regiogrenzen.setAttribute("d", regio);
    this.omtrek.setAttribute("d", omtrek);
  };

  /** Bij een veel bredere of smallere kaart (draaien, venster) alles opnieuw schalen. */
  Kaart.prototype.volgBreedte = function () {
    const kaart = this;
    if (!window.ResizeObserver) return;
    let timer = 0;
    new ResizeObserver(function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        const nieuw = kaart.houder.clientWidth;
        if (!nieuw || Math.abs(nieuw - kaart.breedte) < kaart.breedte * 0.1) return;
        kaart.meetSchaal();
        kaart.defs.textContent = "";
        kaart.patronen.clear();
        if (kaart.laatste) kaart.kleur(kaart.laatste.toestand, kaart.laatste.datum, true);
      }, 150);
    }).observe(this.houder);
  };

  // ------------------------------------------------------------------ patronen

  /**
   * Patroon met schuine strepen in de gegeven kleuren (45°), bv. [kleur, wit] voor
   * "gedeeltelijk gedekt". In gebruikerseenheden van de kaart, dus even fijn bij elke zoom.
   */
  Kaart.prototype.strepen = function (kleuren) {
    const sleutel = "s" + kleuren.join("");
    if (this.patronen.has(sleutel)) return this.patronen.get(sleutel);
    const id = this.id + "-p" + this.patronen.size;
    const breedte = 3.2 * this.eenheid;
    const patroon = svg("pattern", {
      id: id,
      patternUnits: "userSpaceOnUse",
      width: (breedte * kleuren.length).toFixed(2),
      height: (breedte * kleuren.length).toFixed(2),
      patternTransform: "rotate(45)",
    }, this.defs);
    kleuren.forEach(function (kleur, i) {
      svg("rect", {
        x: (i * breedte).toFixed(2),
        y: 0,
        width: breedte.toFixed(2),
        height: (breedte * kleuren.length).toFixed(2),
        fill: kleur,
      }, patroon);
    });
    this.patronen.set(sleutel, id);
    return id;
  };

  /** Lichtgrijs met fijne stippen: niet gedekt. */
  Kaart.prototype.stippen = function () {
    if (this.patronen.has("geen")) return this.patronen.get("geen");
    const id = this.id + "-geen";
    const stap = 4 * this.eenheid;
    const patroon = svg("pattern", {
      id: id,
      patternUnits: "userSpaceOnUse",
      width: stap.toFixed(2),
      height: stap.toFixed(2),
    }, this.defs);
    svg("rect", { width: stap.toFixed(2), height: stap.toFixed(2), fill: GEEN_KLEUR }, patroon);
    svg("circle", {
      cx: (stap / 2).toFixed(2),
      cy: (stap / 2).toFixed(2),
      r: (0.7 * this.eenheid).toFixed(2),
      fill: GEEN_STIP,
    }, patroon);
    this.patronen.set("geen", id);
    return id;
  };

  // ------------------------------------------------------------------ kleuren

  /** Beschrijving van één gemeente (aria-label, tooltip) volgens de toestand. */
  function beschrijf(g, st, igsPerSlug) {
    const igs = (st.igs || []).map(function (slug) { return igsPerSlug.get(slug); })
      .filter(Boolean);
    const namen = opsomming(igs.map(function (i) { return i.naam; }));
    let toestand;
    if (st.status === "volledig" && igs.length) toestand = "in " + namen;
    else if (st.status === "gedeeltelijk" && igs.length) {
      toestand = "gedeeltelijk in " + namen + (st.deel ? " (via " + st.deel + ")" : "");
    } else toestand = "geen IGS";
    return {
      naam: st.naam || g.naam,
      toestand: toestand,
      igs: igs,
      soort: igs.length ? st.status : "geen",
      centrumstad: st.centrumstad === undefined ? g.centrumstad : Boolean(st.centrumstad),
    };
  }

  /** Kleurt de gemeenten volgens de toestand; `stil`: geen melding (enkel herschalen). */
  Kaart.prototype.kleur = function (toestand, datum, stil) {
    const data = this.data;
    this.laatste = { toestand: toestand, datum: datum };
    const igsLijst = toestand.igs || [];
    const igsPerSlug = new Map(igsLijst.map(function (i) { return [i.slug, i]; }));
    const perGemeente = toestand.gemeenten || {};
    const leden = new Map(); // slug → gemeenten in beeld (niet gedimd) die in dat IGS zitten
    const bezet = []; // kaders [x0, y0, x1, y1] van wat er al staat: symbolen, nummers, namen
    const onder = new Map(); // refnis → straal van het symbool op het labelpunt
    this.beschrijvingen = new Map();
    this.symbolen.textContent = "";
    const r = STAD_PX * this.eenheid;

    const regios = new Map((toestand.regios || []).map(function (r) { return [r.code, r]; }));
    const perRegio = new Map(); // regiocode → gemeenten in beeld
    for (const g of data.gemeenten) {
      const pad = this.paden.get(g.refnis);
      const b = beschrijf(g, perGemeente[g.refnis] || { status: "geen", igs: [] }, igsPerSlug);
      const regio = regios.get(g.regio);
      if (this.modus === "regio") {
        b.regio = regio;
        b.igs = [];
        b.toestand = regio ? "referentieregio " + regio.naam : "geen referentieregio";
      }
      this.beschrijvingen.set(g.refnis, b);
      const kleuren = b.igs.map(function (i) { return i.kleur; });
      let vulling;
      if (this.modus === "regio") {
        vulling = regio ? regio.kleur : GEEN_KLEUR;
        if (regio && !(this.focus.size && !this.focus.has(g.refnis))) {
          if (!perRegio.has(regio.code)) perRegio.set(regio.code, []);
          perRegio.get(regio.code).push(g);
        }
      } else if (b.soort === "volledig") {
        vulling = kleuren.length === 1 ? kleuren[0] : "url(#" + this.strepen(kleuren) + ")";
      } else if (b.soort === "gedeeltelijk") {
        const metWit = [];
        for (const k of kleuren) metWit.push(k, "#FFFFFF");
        vulling = "url(#" + this.strepen(metWit) + ")";
      } else {
        vulling = "url(#" + this.stippen() + ")";
      }
      pad.setAttribute("fill", vulling);
      pad.dataset.status = b.soort;
      pad.setAttribute(
        "aria-label",
        b.naam + " — " + b.toestand + (b.centrumstad ? ", centrumstad" : "")
      );
      const gedimd = this.focus.size && !this.focus.has(g.refnis);
      if (!gedimd) {
        for (const i of b.igs) {
          if (!leden.has(i.slug)) leden.set(i.slug, []);
          leden.get(i.slug).push({ g: g, b: b });
        }
      }
      if (b.centrumstad) {
        svg("circle", {
          cx: g.label[0],
          cy: g.label[1],
          r: r.toFixed(1),
          class: "kaart-centrumstad" + (gedimd ? " kaart-gedimd" : ""),
        }, this.symbolen);
        svg("circle", {
          cx: g.label[0],
          cy: g.label[1],
          r: (r * 0.38).toFixed(1),
          class: "kaart-centrumstad-kern" + (gedimd ? " kaart-gedimd" : ""),
        }, this.symbolen);
        bezet.push(cirkelKader(g.label, r));
        onder.set(g.refnis, r);
      }
    }

    // Elk IGS krijgt zijn volgnummer in de toestand (1, 2, …): in de legende en één keer
    // op de kaart, want met 18 IGS en 12 kleuren delen sommige IGS een kleur. Een focuskaart
    // heeft al namen en meestal maar een paar IGS: daar enkel als twee ervan een kleur delen.
    const inBeeld = igsLijst.filter(function (i) { return leden.has(i.slug); });
    const kleuren = new Set(inBeeld.map(function (i) { return String(i.kleur).toUpperCase(); }));
    const nodig = this.modus === "igs" && (!this.focus.size || kleuren.size < inBeeld.length);
    const nummers = new Map(nodig ? igsLijst.map(function (i, n) { return [i.slug, n + 1]; }) : []);
    this.tekenNummers(inBeeld, nummers, leden, bezet, onder);
    if (this.modus === "regio") this.regioNamen(perRegio, regios);
    this.plaatsLabels(bezet, onder);

    const gekend = geldigeDatum(toestand.peildatum) ? toestand.peildatum : datum;
    this.wortel.setAttribute(
      "aria-label",
      this.modus === "regio" ? "Kaart van de referentieregio's" :
        "Kaart van de IGS bovenlokale cultuur per gemeente op " + datumTekst(gekend)
    );
    if (this.modus === "regio") this.tekenRegioLegende(toestand.regios || [], perRegio);
    else this.tekenLegende(inBeeld, nummers, gekend);
    if (this.actief) this.verbergTooltip(); // de inhoud is niet meer juist
    if (this.figuur.dataset.geladen && !stil) {
      // De rest van de pagina volgt pas na "Toon" (een gewone GET van de pagina).
      this.melding.textContent = gekend === this.paginaDatum ? "" :
        "De kaart toont nu " + datumTekst(gekend) +
        ". Kies 'Toon' om ook de kerncijfers en tabellen bij te werken.";
    }
    this.figuur.dataset.statusPeildatum = gekend;
  };

  // ------------------------------------------------------------------ nummers en namen

  /** Kader [x0, y0, x1, y1] van een cirkel. */
  function cirkelKader(punt, straal) {
    return [punt[0] - straal, punt[1] - straal, punt[0] + straal, punt[1] + straal];
  }

  function overlapt(kader, kaders) {
    return kaders.some(function (k) {
      return kader[0] < k[2] && k[0] < kader[2] && kader[1] < k[3] && k[1] < kader[3];
    });
  }

  /**
   * Zet het nummer van elk IGS één keer op de kaart, op het labelpunt van een lid: het lid
   * dat het dichtst bij het gemiddelde van de labelpunten van alle leden ligt en waar het
   * nummer niets bedekt wat er al staat. Liefst een gemeente die volledig en alleen in dit
   * IGS zit en geen centrumstad is (daar staat al een symbool).
   */
  Kaart.prototype.tekenNummers = function (igs, nummers, leden, bezet, onder) {
    this.nummers.textContent = "";
    // op een smalle kaart (gsm) wat kleiner, anders bedekken ze te veel
    const schaal = Math.min(1, Math.max(0.75, this.breedte / 900));
    const straal = NUMMER_PX * schaal * this.eenheid;
    for (const i of igs.filter(function (i) { return nummers.has(i.slug); })) {
      const lijst = leden.get(i.slug);
      let mx = 0;
      let my = 0;
      for (const l of lijst) {
        mx += l.g.label[0] / lijst.length;
        my += l.g.label[1] / lijst.length;
      }
      const voorkeur = lijst.filter(function (l) {
        return l.b.soort === "volledig" && l.b.igs.length === 1 && !l.b.centrumstad;
      });
      const kandidaten = (voorkeur.length ? voorkeur : lijst)
        .map(function (l) { return l.g; })
        .sort(function (a, b) {
          return Math.hypot(a.label[0] - mx, a.label[1] - my) -
            Math.hypot(b.label[0] - mx, b.label[1] - my);
        });
      const plek = kandidaten.find(function (g) {
        return !overlapt(cirkelKader(g.label, straal), bezet);
      }) || kandidaten[0];
      bezet.push(cirkelKader(plek.label, straal));
      onder.set(plek.refnis, Math.max(onder.get(plek.refnis) || 0, straal));
      const groep = svg("g", { class: "kaart-nummer", "data-igs": i.slug }, this.nummers);
      svg("circle", { cx: plek.label[0], cy: plek.label[1], r: straal.toFixed(1) }, groep);
      svg("text", {
        x: plek.label[0],
        y: plek.label[1],
        "font-size": (11 * schaal * this.eenheid).toFixed(1), // twee cijfers passen erin
      }, groep).textContent = String(nummers.get(i.slug));
    }
  };

  /** Breedte van een naam in kaarteenheden: gemeten, of geschat als hij niet getoond wordt. */
  function tekstBreedte(tekst, grootte) {
    let breedte = 0;
    try {
      breedte = tekst.getBBox().width;
    } catch (fout) {
      // niet weergegeven (bv. in een gesloten <details>): dan schatten
    }
    return breedte || tekst.textContent.length * grootte * 0.6;
  }

  /**
   * Namen zonder overlap. De namen staan op volgorde van grootte van de gemeente (zie
   * teken); een naam die iets bedekt wat er al staat (symbool, nummer, de naam van een
   * grotere gemeente) wordt verborgen — de tooltip noemt de gemeente nog. Op een labelpunt
   * met een symbool of nummer komt de naam eronder.
   */
  Kaart.prototype.plaatsLabels = function (bezet, onder) {
    const e = this.eenheid;
    const hoogte = LABEL_PX * e;
    const vb = this.viewBox;
    for (const tekst of this.labels.children) {
      const straal = onder.get(tekst.dataset.refnis);
      tekst.removeAttribute("display");
      tekst.setAttribute("text-anchor", "middle");
      const halve = tekstBreedte(tekst, hoogte) / 2 + 3 * e; // met de witte rand en wat lucht
      const x0 = Number(tekst.getAttribute("x"));
      const y0 = Number(tekst.getAttribute("y"));
      // [dx, dy, anker]: onder, boven, rechts, links van het symbool (zonder symbool: erop)
      const d = straal ? straal + 9 * e : 0; // halve letterhoogte plus 2,5 px
      const opties = straal
        ? [[0, d, "middle"], [0, -d, "middle"], [straal + 3 * e, 0, "start"],
          [-(straal + 3 * e), 0, "end"]]
        : tekst.classList.contains("kaart-regio-naam")
          ? [[0, 0, "middle"], [0, -1.3 * hoogte, "middle"], [0, 1.3 * hoogte, "middle"]]
          : [[0, 0, "middle"]]; // een gemeentenaam staat op haar labelpunt of niet
      let geplaatst = false;
      for (const [dx, dy, anker] of opties) {
        const x = x0 + dx;
        const y = y0 + dy;
        const links = anker === "start" ? x - 2 * e : anker === "end" ? x - 2 * halve + 2 * e : x - halve;
        const kader = [links, y - 0.6 * hoogte, links + 2 * halve, y + 0.6 * hoogte];
        const binnen = kader[0] >= vb[0] && kader[2] <= vb[0] + vb[2] &&
          kader[1] >= vb[1] && kader[3] <= vb[1] + vb[3];
        if (!binnen || overlapt(kader, bezet)) continue;
        tekst.setAttribute("dx", dx.toFixed(1));
        tekst.setAttribute("dy", dy.toFixed(1));
        tekst.setAttribute("text-anchor", anker);
        bezet.push(kader);
        geplaatst = true;
        break;
      }
      if (!geplaatst) tekst.setAttribute("display", "none");
    }
  };

  /**
   * De naam van elke referentieregio op de kaart (modus "regio"): op het labelpunt van de
   * gemeente die het dichtst bij het gemiddelde van de labelpunten van de regio ligt, liefst
   * een zonder centrumstadsymbool. Ze komen vóór de andere namen, dus ze winnen bij overlap.
   */
  Kaart.prototype.regioNamen = function (perRegio, regios) {
    for (const oud of Array.from(this.labels.querySelectorAll(".kaart-regio-naam"))) oud.remove();
    const eerste = this.labels.firstChild;
    for (const [code, lijst] of perRegio) {
      let mx = 0;
      let my = 0;
      for (const g of lijst) {
        mx += g.label[0] / lijst.length;
        my += g.label[1] / lijst.length;
      }
      const kandidaten = lijst.filter(function (g) { return !g.centrumstad; });
      const plek = (kandidaten.length ? kandidaten : lijst).reduce(function (a, b) {
        return Math.hypot(a.label[0] - mx, a.label[1] - my) <=
          Math.hypot(b.label[0] - mx, b.label[1] - my) ? a : b;
      });
      const tekst = svg("text", {
        x: plek.label[0], y: plek.label[1], "data-refnis": plek.refnis,
        "data-regio": code, class: "kaart-regio-naam", "text-anchor": "middle",
        "font-size": (LABEL_PX * this.eenheid).toFixed(1),
      });
      tekst.textContent = regios.get(code).naam;
      this.labels.insertBefore(tekst, eerste);
    }
  };

  // ------------------------------------------------------------------ legende

  function staal(vulling) {
    const s = svg("svg", {
      class: "kaart-staal", width: 22, height: 14, viewBox: "0 0 22 14",
      "aria-hidden": "true", focusable: "false",
    });
    vulling(s);
    return s;
  }

  function staalPatroon(s, id, tekenen) {
    const defs = svg("defs", {}, s);
    const p = svg("pattern", { id: id, patternUnits: "userSpaceOnUse", width: 6, height: 6 }, defs);
    tekenen(p);
    svg("rect", { x: 0.5, y: 0.5, width: 21, height: 13, fill: "url(#" + id + ")", class: "kaart-staal-rand" }, s);
  }

  /** Legende: de IGS op volgorde van hun nummer, met kleur (en nummer) zoals op de kaart. */
  Kaart.prototype.tekenLegende = function (igs, nummers, datum) {
    if (!this.legende) return;
    const id = this.id;
    const kaart = this;
    const steden = this.data.gemeenten
      .filter(function (g) {
        const b = kaart.beschrijvingen.get(g.refnis);
        return b && b.centrumstad && (!kaart.focus.size || kaart.focus.has(g.refnis));
      })
      .map(function (g) { return kaart.beschrijvingen.get(g.refnis).naam; })
      .sort(function (a, b) { return a.localeCompare(b, "nl"); });
    const lijst = html("ul", "kaart-legende-lijst");
    for (const i of igs) {
      const li = html("li");
      li.dataset.igs = i.slug;
      li.appendChild(staal(function (s) {
        svg("rect", { x: 0.5, y: 0.5, width: 21, height: 13, fill: i.kleur, class: "kaart-staal-rand" }, s);
      }));
      if (nummers.has(i.slug)) {
        const nummer = li.appendChild(html("span", "kaart-nummer", String(nummers.get(i.slug))));
        nummer.setAttribute("aria-hidden", "true"); // zoals op de kaart: de naam volstaat
      }
      li.appendChild(html("span", "", i.naam));
      lijst.appendChild(li);
    }
    const symbolen = html("ul", "kaart-legende-lijst kaart-legende-symbolen");
    const items = [
      ["gedeeltelijk gedekt (arcering in de kleur van het IGS)", function (s) {
        staalPatroon(s, id + "-lg-arcering", function (p) {
          p.setAttribute("patternTransform", "rotate(45)");
          svg("rect", { width: 6, height: 6, fill: "#FFFFFF" }, p);
          svg("rect", { width: 3, height: 6, fill: "#6E6E6E" }, p);
        });
      }],
      ["niet gedekt", function (s) {
        staalPatroon(s, id + "-lg-geen", function (p) {
          p.setAttribute("width", 4);
          p.setAttribute("height", 4);
          svg("rect", { width: 4, height: 4, fill: GEEN_KLEUR }, p);
          svg("circle", { cx: 2, cy: 2, r: 0.8, fill: GEEN_STIP }, p);
        });
      }],
      [steden.length ? "centrumstad: " + opsomming(steden) : "centrumstad", function (s) {
        svg("circle", { cx: 11, cy: 7, r: 5, class: "kaart-centrumstad" }, s);
        svg("circle", { cx: 11, cy: 7, r: 1.9, class: "kaart-centrumstad-kern" }, s);
      }],
      ["grens van een referentieregio", function (s) {
        svg("line", { x1: 1, y1: 7, x2: 21, y2: 7, class: "kaart-staal-grens" }, s);
      }],
    ];
    for (const [tekst, teken] of items) {
      const li = html("li");
      li.appendChild(staal(teken));
      li.appendChild(html("span", "", tekst));
      symbolen.appendChild(li);
    }
    this.legende.textContent = "";
    const titel = html("p", "kaart-legende-titel",
      "IGS bovenlokale cultuur op " + datumTekst(datum));
    this.legende.appendChild(titel);
    if (igs.length) this.legende.appendChild(lijst);
    else {
      this.legende.appendChild(html("p", "kaart-legende-leeg", this.focus.size
        ? "Geen van deze gemeenten zit op deze peildatum in een IGS."
        : "Geen enkel IGS op deze peildatum."));
    }
    this.legende.appendChild(symbolen);
  };

  /** Legende van de regiokaart: elke referentieregio met haar kleur, als link. */
  Kaart.prototype.tekenRegioLegende = function (regios, perRegio) {
    if (!this.legende) return;
    const lijst = html("ul", "kaart-legende-lijst");
    for (const r of regios) {
      if (this.focus.size && !perRegio.has(r.code)) continue;
      const li = html("li");
      li.dataset.regio = r.slug;
      li.appendChild(staal(function (s) {
        svg("rect", { x: 0.5, y: 0.5, width: 21, height: 13, fill: r.kleur, class: "kaart-staal-rand" }, s);
      }));
      const a = html("a", "", r.naam);
      a.href = this.regioUrl(r.slug) || "#";
      li.appendChild(a);
      lijst.appendChild(li);
    }
    this.legende.textContent = "";
    this.legende.appendChild(html("p", "kaart-legende-titel", "De 15 referentieregio's"));
    this.legende.appendChild(lijst);
  };

  // ------------------------------------------------------------------ interactie

  /** Adres van de gemeentepagina, met de peildatum die de kaart nu toont. */
  Kaart.prototype.url = function (refnis) {
    if (this.modus === "regio") {
      const b = this.beschrijvingen && this.beschrijvingen.get(refnis);
      return b && b.regio ? this.regioUrl(b.regio.slug) : null;
    }
    const sjabloon = this.figuur.dataset.gemeenteUrl;
    if (!sjabloon) return null;
    const url = new URL(sjabloon.replace("REFNIS", encodeURIComponent(refnis)), document.baseURI);
    const datum = this.figuur.dataset.peildatum;
    if (geldigeDatum(datum)) url.searchParams.set("peildatum", datum);
    return url.href;
  };

  /** Adres van een regiopagina (modus "regio"), met de peildatum van de kaart. */
  Kaart.prototype.regioUrl = function (slug) {
    const sjabloon = this.figuur.dataset.regioUrl;
    if (!sjabloon) return null;
    const url = new URL(sjabloon.replace("SLUG", encodeURIComponent(slug)), document.baseURI);
    const datum = this.figuur.dataset.peildatum;
    if (geldigeDatum(datum)) url.searchParams.set("peildatum", datum);
    return url.href;
  };

  /**
   * Muis, aanraking en toetsenbord. De luisteraars staan op de HTML-houder, niet op de
   * SVG: Chromium maakt SVG-elementen met focusluisteraars zelf focusbaar.
   */
  Kaart.prototype.koppelGebeurtenissen = function () {
    const kaart = this;
    const houder = this.houder;
    let verbergTimer = 0;
    let aanraking = false; // de laatste wijzer was een vinger

    function refnisVan(doel) {
      const pad = doel && doel.closest ? doel.closest("path[data-refnis]") : null;
      return pad && houder.contains(pad) ? pad.dataset.refnis : null;
    }
    function later() {
      clearTimeout(verbergTimer);
      verbergTimer = setTimeout(function () { kaart.verbergTooltip(); }, 250);
    }
    function nu() { clearTimeout(verbergTimer); }
    function zichtbaar(refnis) { return kaart.actief === refnis && !kaart.tooltip.hidden; }

    houder.addEventListener("pointerover", function (e) {
      if (e.pointerType === "touch") return; // een tik: de klik beslist (zie hieronder)
      if (kaart.tooltip.contains(e.target)) { nu(); return; } // de tooltip blijft (WCAG 1.4.13)
      const refnis = refnisVan(e.target);
      if (!refnis) return;
      nu();
      // Hij blijft staan waar hij verscheen, zodat de muis er naartoe kan.
      if (!zichtbaar(refnis)) kaart.toonTooltip(refnis, { x: e.clientX, y: e.clientY });
    });
    houder.addEventListener("pointerout", function (e) {
      if (e.pointerType !== "touch") later(); // na een tik blijft de tooltip staan
    });
    houder.addEventListener("pointerdown", function (e) { aanraking = e.pointerType === "touch"; });

    houder.addEventListener("focusin", function (e) {
      const refnis = refnisVan(e.target);
      if (!refnis || aanraking) return; // een tik: de klik beslist
      nu();
      if (!zichtbaar(refnis)) kaart.toonTooltip(refnis);
    });
    houder.addEventListener("focusout", function (e) {
      // naar de link in de tooltip (na een tik): de tooltip blijft
      if (e.relatedTarget && kaart.tooltip.contains(e.relatedTarget)) return;
      if (aanraking && kaart.aangetikt) return; // een tik verder op de kaart: de klik beslist
      kaart.verbergTooltip();
    });

    houder.addEventListener("click", function (e) {
      const refnis = refnisVan(e.target);
      if (!refnis) {
        // een tik naast de gemeenten (maar niet op de tooltip) sluit de tooltip
        if (aanraking && !kaart.tooltip.contains(e.target)) kaart.verbergTooltip();
        return;
      }
      // Op een aanraakscherm toont de eerste tik de naam (tooltip met een link), pas een
      // tweede tik op dezelfde gemeente opent de pagina.
      if (aanraking && kaart.aangetikt !== refnis) {
        e.preventDefault();
        kaart.toonTooltip(refnis, { x: e.clientX, y: e.clientY }, true);
        return;
      }
      kaart.open(refnis);
    });
    document.addEventListener("click", function (e) {
      // een tik buiten de kaart sluit de tooltip van een tik
      if (kaart.aangetikt && !houder.contains(e.target)) kaart.verbergTooltip();
    });
    houder.addEventListener("keydown", function (e) {
      const refnis = refnisVan(e.target);
      if (refnis && e.key === "Enter") {
        e.preventDefault();
        kaart.open(refnis);
      }
    });
    document.addEventListener("keydown", function (e) {
      aanraking = false; // het toetsenbord: focus toont weer de tooltip
      if (e.key === "Escape" && kaart.actief) kaart.verbergTooltip();
    });
  };

  Kaart.prototype.open = function (refnis) {
    const url = this.url(refnis);
    if (url) window.location.assign(url);
  };

  /**
   * Toont de tooltip van een gemeente: bij de muis rechtsonder de wijzer (punt in
   * schermcoördinaten), bij toetsenbordfocus boven het labelpunt van de gemeente.
   */
  Kaart.prototype.toonTooltip = function (refnis, punt, getikt) {
    const g = this.data.perRefnis.get(refnis);
    const b = this.beschrijvingen && this.beschrijvingen.get(refnis);
    if (!g || !b) return;
    this.actief = refnis;
    this.aangetikt = getikt ? refnis : null;
    this.halo.setAttribute("d", g.d);
    this.rand.setAttribute("d", g.d);

    const tip = this.tooltip;
    tip.textContent = "";
    tip.appendChild(html("strong", "", b.naam));
    tip.appendChild(html("span", "", b.toestand));
    if (b.centrumstad) tip.appendChild(html("span", "kaart-tooltip-extra", "centrumstad"));
    const adres = getikt ? this.url(refnis) : null;
    if (adres) {
      // na een tik: de weg naar de pagina (of nog een tik op dezelfde gemeente)
      const link = html("a", "kaart-tooltip-link", this.modus === "regio" && b.regio
        ? "Open referentieregio " + b.regio.naam + " →" : "Open " + b.naam + " →");
      link.href = adres;
      tip.appendChild(link);
    }
    tip.classList.toggle("kaart-tooltip-getikt", Boolean(getikt));
    // met een link erin is het geen gewone tooltip meer
    if (adres) tip.removeAttribute("role");
    else tip.setAttribute("role", "tooltip");
    tip.hidden = false;

    const houder = this.houder.getBoundingClientRect();
    const breed = tip.offsetWidth;
    const hoog = tip.offsetHeight;
    const afstand = 14;
    let x;
    let y;
    let links;
    let boven;
    if (punt) {
      x = punt.x - houder.left;
      y = punt.y - houder.top;
      links = x + afstand + breed <= houder.width ? x + afstand : x - afstand - breed;
      boven = y + afstand + hoog <= houder.height ? y + afstand : y - afstand - hoog;
    } else {
      const ctm = this.wortel.getScreenCTM();
      if (!ctm) return;
      const p = this.wortel.createSVGPoint();
      p.x = g.label[0];
      p.y = g.label[1];
      const scherm = p.matrixTransform(ctm);
      x = scherm.x - houder.left;
      y = scherm.y - houder.top;
      links = x - breed / 2;
      boven = y - hoog - afstand >= 0 ? y - hoog - afstand : y + afstand;
    }
    tip.style.left = Math.max(0, Math.min(houder.width - breed, links)) + "px";
    tip.style.top = Math.max(0, boven) + "px";
  };

  Kaart.prototype.verbergTooltip = function () {
    this.actief = null;
    this.aangetikt = null;
    this.tooltip.hidden = true;
    this.halo.setAttribute("d", "");
    this.rand.setAttribute("d", "");
  };

  // ------------------------------------------------------------------ opstart

  const kaarten = [];

  function nieuwePeildatum(datum) {
    if (!geldigeDatum(datum)) return;
    const adres = new URL(window.location.href);
    adres.searchParams.set("peildatum", datum);
    window.history.replaceState(window.history.state, "", adres.href);
    for (const kaart of kaarten) kaart.wijzigPeildatum(datum);
  }

  /**
   * Een andere datum kiezen kleurt de kaart meteen ter plaatse; "Toon" (of Enter) verzendt
   * het formulier gewoon, zodat de hele pagina de nieuwe datum toont.
   */
  function koppelFormulier(formulier) {
    const veld = formulier.querySelector('input[name="peildatum"]');
    if (!veld) return;
    let timer = 0;
    formulier.addEventListener("submit", function () {
      clearTimeout(timer); // de pagina laadt toch opnieuw
    });
    veld.addEventListener("change", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { nieuwePeildatum(veld.value); }, 300);
    });
  }

  function start() {
    for (const figuur of document.querySelectorAll("[data-kaart]")) {
      if (figuur.dataset.kaartGestart) continue;
      figuur.dataset.kaartGestart = "1";
      const kaart = new Kaart(figuur);
      kaarten.push(kaart);
      kaart.start();
    }
    for (const formulier of document.querySelectorAll("form[data-peildatum-form]")) {
      if (formulier.dataset.kaartGestart) continue;
      formulier.dataset.kaartGestart = "1";
      koppelFormulier(formulier);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
