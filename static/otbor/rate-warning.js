// The steps' rate fields (applications/forms.py RuPercentField): a rate is typed in
// percent; outside the plausible bounds (data-rate-warning-low/high, percent) a warning
// appears under the field as the applicant types. It never blocks saving: the server
// refuses only rates outside 0–100 %.
(function () {
  "use strict";
  const parse = (s) => {
    const t = String(s).replace(/[\s\u00a0\u2009\u202f%]/g, "").replace(",", ".");
    return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) ? parseFloat(t) : NaN;
  };
  function check(input) {
    let note = input.parentNode.querySelector(".rate-warning");
    const value = parse(input.value);
    const low = parseFloat(input.dataset.rateWarningLow), high = parseFloat(input.dataset.rateWarningHigh);
    const odd = isFinite(value) && value !== 0 && (value < low || value > high);
    if (!odd) { if (note) note.remove(); return; }
    if (!note) {
      note = document.createElement("div");
      note.className = "rate-warning form-text text-warning-emphasis";
      note.setAttribute("role", "status");
      input.parentNode.appendChild(note);
    }
    note.textContent = "Ставка " + input.value.trim().replace(/\s*%$/, "") + " % годовых выглядит необычно " +
      "(обычно от " + low + " до " + high + " %): проверьте, что она указана в процентах.";
  }
  document.querySelectorAll("input[data-rate-warning-low]").forEach(input => {
    input.addEventListener("input", () => check(input));
    check(input);
  });
})();
