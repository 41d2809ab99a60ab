// The financial model step (templates/applications/step_model.html): each row's total,
// recomputed as the applicant types. Russian number input: spaces (incl. thin and
// non-breaking) as thousands separators, a comma as the decimal mark.
(function () {
  "use strict";
  const table = document.querySelector("[data-testid=model-table]");
  if (!table) return;
  const fmt = new Intl.NumberFormat("ru-RU", {maximumFractionDigits: 2});
  const parse = (s) => { const v = parseFloat(String(s).replace(/[\s\u00a0\u2009\u202f]/g, "").replace(",", ".")); return isFinite(v) ? v : 0; };
  function totals() {
    document.querySelectorAll("tr[data-row]").forEach(tr => {
      let sum = 0; tr.querySelectorAll("input").forEach(i => sum += parse(i.value));
      tr.querySelector(".row-total").textContent = fmt.format(sum);
    });
  }
  table.addEventListener("input", totals); totals();
})();
