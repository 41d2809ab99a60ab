// A member's score forms (templates/admin/commission/_score_form.html): the running total
// of the categories' points, recomputed as the member types. Russian input: spaces (incl.
// thin and non-breaking) ignored, a comma or a dot as the decimal mark. A value that is
// not a number, or is outside 0..maximum, shows «—» and marks its field; the server
// checks everything again on save.
(function () {
  "use strict";
  const fmt = new Intl.NumberFormat("ru-RU", {minimumFractionDigits: 2, maximumFractionDigits: 2});
  function parse(text) {
    const s = String(text).replace(/[\s\u00a0\u2009\u202f]/g, "").replace(",", ".");
    if (s === "") return null;
    return /^\d+(\.\d+)?$/.test(s) ? parseFloat(s) : NaN;
  }
  function update(form) {
    const out = form.querySelector("[data-score-total]");
    if (!out) return;
    let sum = 0, filled = 0, bad = false;
    form.querySelectorAll("input[data-points]").forEach(input => {
      const v = parse(input.value);
      const max = parseFloat(String(input.dataset.maximum).replace(",", "."));
      const wrong = v !== null && (isNaN(v) || v > max);
      input.classList.toggle("score-out-of-range", wrong);
      if (wrong) bad = true;
      else if (v !== null) { sum += v; filled += 1; }
    });
    out.textContent = bad || filled === 0 ? "—" : fmt.format(sum);
    out.classList.toggle("score-total-invalid", bad);
  }
  document.querySelectorAll("form[data-score-form]").forEach(form => {
    form.addEventListener("input", () => update(form));
    update(form);
  });
})();
