/* Samenspel: search boxes with suggestions (WAI-ARIA combobox pattern, list autocomplete).

   An <input data-zoek="gemeente|igs" data-zoek-url="/zoek/"> becomes a combobox: typing asks
   the server for at most 20 municipalities or IGS and shows them in a listbox under the field.
   Keys: ArrowDown/ArrowUp move through the suggestions (Alt+ArrowDown opens them), Enter takes
   the highlighted one, Escape closes the list (a second Escape empties the field), Tab leaves.
   With data-zoek-lijst the field holds several names separated by commas and only the part
   after the last comma is completed. Without JavaScript it is a plain text field: the form
   accepts names and REFNIS codes. No inline styles (CSP): the look is in zoeken.css, which this
   file links next to itself. */
(function () {
  "use strict";

  const here = document.currentScript && document.currentScript.src;
  let count = 0;

  function linkStylesheet() {
    if (!here || document.querySelector("link[data-zoeken-css]")) return;
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = here.replace(/zoeken(\.[^./]*)?\.js(\?.*)?$/, "zoeken.css");
    link.setAttribute("data-zoeken-css", "");
    document.head.appendChild(link);
  }

  function setUp(input) {
    count += 1;
    const kind = input.dataset.zoek;
    const several = input.hasAttribute("data-zoek-lijst");
    const url = input.dataset.zoekUrl || "/zoek/";
    const id = input.id || "zoek-" + count;
    input.id = id;

    const wrapper = document.createElement("div");
    wrapper.className = "zoekvak";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);

    const list = document.createElement("ul");
    list.id = id + "-suggesties";
    list.className = "zoek-suggesties";
    list.setAttribute("role", "listbox");
    const label = document.querySelector("label[for='" + id + "']");
    list.setAttribute("aria-label", "Suggesties" + (label ? " voor " + label.textContent : ""));
    list.hidden = true;
    wrapper.appendChild(list);

    const status = document.createElement("span");
    status.className = "zoek-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    wrapper.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");

    let options = [];
    let active = -1;
    let asked = 0;
    let timer = null;

    function term() {
      const value = input.value;
      const part = several ? value.slice(value.lastIndexOf(",") + 1) : value;
      return part.trim();
    }

    function open() {
      if (!options.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
      options.forEach(function (li) { li.setAttribute("aria-selected", "false"); });
    }

    function highlight(index) {
      if (!options.length) return;
      active = (index + options.length) % options.length;
      options.forEach(function (li, i) {
        li.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      const li = options[active];
      input.setAttribute("aria-activedescendant", li.id);
      li.scrollIntoView({ block: "nearest" });
    }

    function choose(li) {
      const name = li.dataset.waarde;
      if (several) {
        const value = input.value;
        const cut = value.lastIndexOf(",");
        const before = cut >= 0 ? value.slice(0, cut + 1) + " " : "";
        input.value = before + name + ", ";
      } else {
        input.value = name;
      }
      close();
      status.textContent = name + " gekozen.";
      input.focus();
      const end = input.value.length;
      input.setSelectionRange(end, end);
    }

    function show(data) {
      list.textContent = "";
      const items = [];
      (data.igs || []).forEach(function (p) {
        items.push({ value: p.naam, text: p.naam, note: "IGS" });
      });
      (data.gemeenten || []).forEach(function (m) {
        items.push({
          value: m.naam,
          text: m.naam,
          note: m.refnis + (m.centrumstad ? " · centrumstad" : ""),
        });
      });
      options = items.map(function (item, i) {
        const li = document.createElement("li");
        li.id = id + "-optie-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.waarde = item.value;
        li.appendChild(document.createTextNode(item.text));
        const note = document.createElement("span");
        note.className = "zoek-noot";
        note.textContent = " " + item.note;
        li.appendChild(note);
        li.addEventListener("mousedown", function (event) { event.preventDefault(); });
        li.addEventListener("click", function () { choose(li); });
        list.appendChild(li);
        return li;
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (options.length) {
        status.textContent = options.length === 1 ? "1 suggestie." : options.length + " suggesties.";
        open();
      } else {
        status.textContent = "Geen suggesties.";
        close();
      }
    }

    function ask() {
      const q = term();
      if (!q) {
        options = [];
        list.textContent = "";
        close();
        return;
      }
      asked += 1;
      const mine = asked;
      const address = url + "?soort=" + encodeURIComponent(kind) + "&q=" + encodeURIComponent(q.slice(0, 100));
      fetch(address, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { gemeenten: [], igs: [] }; })
        .then(function (data) { if (mine === asked) show(data); })
        .catch(function () { /* no suggestions: the field still works as plain text */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });

    input.addEventListener("keydown", function (event) {
      const isOpen = !list.hidden;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!isOpen) {
            if (options.length) open(); else ask();
            if (event.altKey) return;
          }
          highlight(active + 1);
          break;
        case "ArrowUp":
          event.preventDefault();
          if (!isOpen) open();
          highlight(active < 0 ? -1 : active - 1);
          break;
        case "Enter":
          if (isOpen && active >= 0) {
            event.preventDefault();
            choose(options[active]);
          }
          break;
        case "Escape":
          if (isOpen) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", function () {
      setTimeout(close, 100);
    });
  }

  function start() {
    const boxes = document.querySelectorAll("input[data-zoek]");
    if (!boxes.length) return;
    linkStylesheet();
    boxes.forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
