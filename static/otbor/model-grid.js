// The financial model grid (templates/applications/step_model.html; docs/adr/0009-model-grid.md).
// Plain <input> cells made to behave like a spreadsheet: Russian numbers (spaces of any
// kind group thousands, a comma or a dot is the decimal mark), grouped on leaving a cell;
// arrows, Enter (down) and Tab (right) move between cells; a block copied from Excel or
// LibreOffice is pasted from the focused cell to the right and down; row totals follow the
// typing; a cell that is no number is marked in Russian, the others keep their values.
// Years are added or removed at the end (within the methodology's limits). Every typed
// value is also kept in localStorage until the server has it, so a closed tab or a failed
// save loses nothing: on the next visit the page offers to restore or discard the copy.
(function () {
  "use strict";
  const form = document.querySelector("form[data-model-grid]");
  if (!form) return;
  const table = form.querySelector("[data-testid=model-table]");
  const storageKey = form.dataset.storageKey;
  const limits = {
    min: +form.dataset.minYears, max: +form.dataset.maxYears, standard: +form.dataset.standardYears,
  };
  const group = new Intl.NumberFormat("ru-RU", {maximumFractionDigits: 2});
  const SPACES = /[\s\u00a0\u2007\u2009\u202f]/g;

  // --- numbers --------------------------------------------------------------------------
  function parse(text) {
    // {value} or {error}: "" is zero; "(1 000)" (accounting) is −1000.
    let t = String(text).trim().replace(SPACES, "").replace(/[\u2212\u2013]/g, "-");
    if (t === "") return {value: 0};
    const bracketed = /^\((.*)\)$/.exec(t);
    if (bracketed) t = "-" + bracketed[1];
    if (!/^[+-]?\d+([.,]\d+)?$/.test(t)) {
      return {error: /^[+-]?(nan|inf|infinity|∞)$/i.test(t)
        ? "Недопустимое значение: NaN и бесконечность не являются числами"
        : "Не удалось распознать число «" + String(text).trim().slice(0, 30) + "»"};
    }
    const value = parseFloat(t.replace(",", "."));
    if (Math.abs(value) >= 1e14) return {error: "Слишком большое число: не более 14 знаков до запятой."};
    return {value};
  }
  const format = (value) => group.format(value).replace(/\u00a0/g, "\u202f").replace("\u2212", "-");

  // --- cells ------------------------------------------------------------------------------
  const rows = () => Array.from(table.querySelectorAll("tbody tr[data-row]"));
  const cellsOf = (tr) => Array.from(tr.querySelectorAll("input"));
  const years = () => Array.from(table.querySelectorAll("thead input[name=year]")).map(i => +i.value);

  function showError(input, message) {
    const td = input.parentNode;
    let note = td.querySelector(".cell-error");
    input.classList.toggle("is-invalid", !!message);
    if (!message) {
      if (note) note.remove();
      input.removeAttribute("aria-invalid"); input.removeAttribute("aria-describedby");
      return;
    }
    if (!note) {
      note = document.createElement("div");
      note.className = "invalid-feedback cell-error";
      note.id = "error-" + input.name;
      td.appendChild(note);
    }
    note.textContent = message;
    input.setAttribute("aria-invalid", "true"); input.setAttribute("aria-describedby", note.id);
  }

  function check(input) {
    const parsed = parse(input.value);
    let message = parsed.error || "";
    if (!message && parsed.value < 0 && input.closest("tr").hasAttribute("data-non-negative")) {
      message = "Значение не может быть отрицательным.";
    }
    showError(input, message);
    return message ? null : parsed.value;
  }

  function totals() {
    rows().forEach(tr => {
      let sum = 0;
      cellsOf(tr).forEach(input => { const p = parse(input.value); if (!p.error) sum += p.value; });
      tr.querySelector(".row-total").textContent = format(sum);
    });
    fcff();
  }

  // A preview of FCFF (engine/financial.py, formulas 3 and 2) under the grid, per year and
  // in total; «—» for a year with a cell that is no number. The indicators panel is the result.
  const tax = parseFloat(form.dataset.profitTax);
  function series(key) {
    const tr = table.querySelector(`tbody tr[data-row="${key}"]`);
    return tr ? cellsOf(tr).map(i => { const p = parse(i.value); return p.error ? NaN : p.value; }) : [];
  }
  function fcff() {
    if (!form.dataset.fcffMethod || !isFinite(tax)) return;
    let foot = table.querySelector("tfoot");
    if (!foot) {
      foot = table.createTFoot();
      const th = document.createElement("th");
      th.scope = "row"; th.className = "grid-label small"; th.textContent = form.dataset.fcffLabel;
      foot.insertRow().appendChild(th);
    }
    const s = {};
    ["ebit", "wc_change", "non_cash_charges", "non_cash_income", "capex", "asset_sales", "ocf", "net_interest"]
      .forEach(key => { s[key] = series(key); });
    const flows = years().map((_year, i) => form.dataset.fcffMethod === "ocf"
      ? s.ocf[i] + s.net_interest[i] * (1 - tax) - s.capex[i] + s.asset_sales[i]
      : s.ebit[i] * (1 - tax) - s.wc_change[i] + s.non_cash_charges[i] - s.non_cash_income[i] - s.capex[i] + s.asset_sales[i]);
    const tr = foot.rows[0];
    while (tr.cells.length > 1) tr.deleteCell(-1);
    [...flows, flows.reduce((a, b) => a + b, 0)].forEach((value, i) => {
      const td = tr.insertCell();
      td.className = "num small" + (i === flows.length ? " row-total" : "");
      td.textContent = isFinite(value) ? format(Math.round(value)) : "—";
    });
  }

  function regroup(input) {
    // On leaving a valid cell: «1200000000» → «1 200 000 000»; an invalid one is left as typed.
    const value = check(input);
    if (value !== null && input.value.trim() !== "") input.value = format(value);
  }

  // --- years ------------------------------------------------------------------------------
  function addYear(year) {
    const head = table.querySelector("thead tr");
    const th = document.createElement("th");
    th.scope = "col"; th.className = "text-end"; th.dataset.year = year; th.textContent = year;
    const hidden = document.createElement("input");
    hidden.type = "hidden"; hidden.name = "year"; hidden.value = String(year);
    th.appendChild(hidden);
    head.insertBefore(th, head.lastElementChild);
    rows().forEach(tr => {
      const td = document.createElement("td");
      const input = document.createElement("input");
      input.className = "form-control form-control-sm"; input.name = tr.dataset.row + "-" + year;
      input.inputMode = "decimal"; input.autocomplete = "off";
      input.setAttribute("aria-label", tr.querySelector("th").textContent + ", " + year);
      td.appendChild(input);
      tr.insertBefore(td, tr.querySelector(".row-total"));
    });
  }

  function removeLastYear() {
    const head = table.querySelector("thead tr");
    head.removeChild(head.children[head.children.length - 2]);
    rows().forEach(tr => tr.removeChild(tr.children[tr.children.length - 2]));
  }

  function yearsChanged() {
    const count = years().length;
    form.querySelector("[data-add-year]").disabled = count >= limits.max;
    form.querySelector("[data-remove-year]").disabled = count <= limits.min;
    form.querySelector("[data-justification]").classList.toggle("d-none", count <= limits.standard);
    totals();
  }

  function changed() {
    // One "change" for the autosave (autosave.js) and the local copy.
    form.dispatchEvent(new Event("input", {bubbles: true}));
    form.dispatchEvent(new Event("change", {bubbles: true}));
  }

  // --- keyboard and paste -----------------------------------------------------------------
  function position(input) {
    const tr = input.closest("tr[data-row]");
    return tr ? {row: rows().indexOf(tr), col: cellsOf(tr).indexOf(input)} : null;
  }
  function cellAt(row, col) {
    const tr = rows()[row];
    return tr ? cellsOf(tr)[col] || null : null;
  }
  function move(input, dRow, dCol) {
    const at = position(input);
    const target = at && cellAt(at.row + dRow, at.col + dCol);
    if (target) { target.focus(); target.select(); }
  }

  table.addEventListener("keydown", (e) => {
    const input = e.target;
    if (!(input instanceof HTMLInputElement) || !position(input)) return;
    const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    const atEnd = input.selectionStart === input.value.length;
    const all = input.selectionStart === 0 && input.selectionEnd === input.value.length;
    if (e.key === "Enter") { e.preventDefault(); regroup(input); move(input, e.shiftKey ? -1 : 1, 0); }
    else if (e.key === "ArrowDown") { e.preventDefault(); move(input, 1, 0); }
    else if (e.key === "ArrowUp") { e.preventDefault(); move(input, -1, 0); }
    else if (e.key === "ArrowRight" && (atEnd || all)) { e.preventDefault(); move(input, 0, 1); }
    else if (e.key === "ArrowLeft" && (atStart || all)) { e.preventDefault(); move(input, 0, -1); }
  });

  table.addEventListener("paste", (e) => {
    const input = e.target;
    const at = input instanceof HTMLInputElement && position(input);
    const text = e.clipboardData && e.clipboardData.getData("text/plain");
    if (!at || !text || !/[\t\r\n]/.test(text.replace(/[\r\n]+$/, ""))) return;  // one value: as usual
    e.preventDefault();
    const lines = text.replace(/[\r\n]+$/, "").split(/\r?\n/);
    let left = 0;
    lines.forEach((line, r) => line.split("\t").forEach((value, c) => {
      const cell = cellAt(at.row + r, at.col + c);
      if (!cell) { left += 1; return; }
      cell.value = value.trim();
      regroup(cell);
    }));
    totals();
    const status = document.getElementById("autosave-status");
    if (left && status) status.textContent = "Вставлено; не поместилось значений: " + left + " (добавьте годы или начните левее)";
    changed();
  });

  table.addEventListener("input", (e) => {
    // While typing, an error is cleared as soon as the text is a number again; a new one
    // waits for the cell to be left (a lone «-» is the start of a negative, not an error).
    if (!e.target.matches("tbody input")) return;
    if (!parse(e.target.value).error) check(e.target);
    totals();
  });
  table.addEventListener("focusout", (e) => { if (e.target.matches("tbody input")) regroup(e.target); });

  // --- the local copy ---------------------------------------------------------------------
  function snapshot() {
    const values = {};
    table.querySelectorAll("tbody input").forEach(i => { values[i.name] = i.value; });
    const note = form.querySelector("[name=forecast_justification]");
    return {years: years(), values, justification: note ? note.value : ""};
  }
  function normal(state) {
    // Compared by value: «1200000000» typed is «1 200 000 000» rendered by the server.
    const values = {};
    Object.entries(state.values || {}).forEach(([name, text]) => {
      const p = parse(text); values[name] = p.error ? String(text).trim() : p.value;
    });
    return JSON.stringify([state.years, values, (state.justification || "").trim()]);
  }
  const sameAs = (a, b) => normal(a) === normal(b);
  function storeCopy() {
    try {
      localStorage.setItem(storageKey, JSON.stringify(
        {...snapshot(), savedAt: Date.now(), serverStamp: form.dataset.serverStamp}));
    } catch (error) { /* storage full or disabled: the server save still runs */ }
  }
  function dropCopy() { try { localStorage.removeItem(storageKey); } catch (error) { /* ignore */ } }
  function readCopy() {
    try { return JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (error) { return null; }
  }

  function restore(copy) {
    while (years().length > copy.years.length && years().length > 1) removeLastYear();
    const first = copy.years[0];
    if (years()[0] === first) while (years().length < copy.years.length) addYear(years()[years().length - 1] + 1);
    Object.entries(copy.values).forEach(([name, value]) => {
      const input = table.querySelector(`tbody input[name="${CSS.escape(name)}"]`);
      if (input) { input.value = value; check(input); }
    });
    const note = form.querySelector("[name=forecast_justification]");
    if (note) note.value = copy.justification || "";
    yearsChanged();
    changed();
  }

  function offerCopy() {
    const copy = readCopy();
    const box = document.getElementById("model-restore");
    const current = snapshot();
    if (!copy || !copy.values) return;
    if (sameAs(copy, current)) {
      // What the page shows is the copy: after a save, nothing to keep; after a refused
      // post (the values rendered back with errors) the copy stays until they are saved.
      if (!form.querySelector(".is-invalid") && document.getElementById("model-error").classList.contains("d-none")) dropCopy();
      return;
    }
    const when = new Date(copy.savedAt);
    box.querySelector("[data-restore-text]").textContent =
      "В этом браузере есть несохранённые на сервере изменения модели от " +
      when.toLocaleDateString("ru-RU") + " " + when.toLocaleTimeString("ru-RU") + "." +
      (copy.serverStamp !== form.dataset.serverStamp ? " После них заявка сохранялась: сверьте данные." : "");
    box.classList.remove("d-none");
    box.querySelector("[data-restore]").addEventListener("click", () => { box.classList.add("d-none"); restore(copy); });
    box.querySelector("[data-discard]").addEventListener("click", () => { box.classList.add("d-none"); dropCopy(); });
  }

  let posted = null;
  form.addEventListener("input", storeCopy);
  form.addEventListener("change", () => { posted = snapshot(); storeCopy(); });
  form.addEventListener("otbor:autosaved", (e) => {
    const {ok, errors} = e.detail;
    const banner = document.getElementById("model-error");
    if (ok) {
      banner.classList.add("d-none"); banner.textContent = "";
      if (posted && sameAs(posted, snapshot())) dropCopy();
      table.querySelectorAll("tbody input").forEach(i => showError(i, ""));
      const note = form.querySelector("[name=forecast_justification]");
      note.classList.remove("is-invalid");
      document.getElementById("error-forecast_justification").classList.remove("d-block");
      return;
    }
    storeCopy();
    if (e.detail.offline) return;
    e.preventDefault();  // the messages go next to their cells, not under autosave.js's list
    Object.entries(errors).forEach(([name, message]) => {
      const text = [].concat(message).join(" ");
      if (name === "__all__") { banner.textContent = text; banner.classList.remove("d-none"); return; }
      if (name === "forecast_justification") {
        form.querySelector("[name=forecast_justification]").classList.add("is-invalid");
        const note = document.getElementById("error-forecast_justification");
        note.textContent = text; note.classList.add("d-block");
        return;
      }
      const input = table.querySelector(`tbody input[name="${CSS.escape(name)}"]`);
      if (input) showError(input, text);
    });
    if (!errors.__all__) banner.classList.add("d-none");
  });
  form.addEventListener("submit", () => { posted = snapshot(); });

  // --- start ------------------------------------------------------------------------------
  const tools = form.querySelector("[data-grid-tools]");
  tools.hidden = false;
  tools.querySelector("[data-add-year]").addEventListener("click", () => {
    const all = years();
    if (all.length >= limits.max) return;
    addYear(all[all.length - 1] + 1);
    yearsChanged(); changed();
  });
  tools.querySelector("[data-remove-year]").addEventListener("click", () => {
    const all = years();
    if (all.length <= limits.min) return;
    const last = all[all.length - 1];
    const filled = rows().some(tr => { const p = parse(cellsOf(tr).slice(-1)[0].value); return p.error || p.value !== 0; });
    if (filled && !window.confirm("Удалить " + last + " год вместе с его значениями?")) return;
    removeLastYear();
    yearsChanged(); changed();
  });
  table.querySelectorAll("tbody input").forEach(input => { if (!input.classList.contains("is-invalid")) check(input); });
  yearsChanged();
  offerCopy();
})();
