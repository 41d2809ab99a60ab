// The screening page's «Пересчитать» progress (templates/screening/screening.html): while
// the last run is not finished, asks its status (screening:recompute_status, JSON) once a
// second (every 3 s after a network error) and shows done / total, then when it finished
// and how many failed, and how many risk analyses (which follow the indicators) are still
// to come. The labels come translated from the template.
(function () {
  "use strict";
  const el = document.getElementById("recompute");
  if (!el || el.dataset.finished === "1") return;
  const part = name => el.querySelector(`[data-${name}]`);
  function show(d) {
    part("done").textContent = d.done;
    part("total").textContent = d.total;
    part("failed").textContent = d.failed ? `${el.dataset.labelFailed} ${d.failed}` : "";
    const risk = part("risk");
    risk.textContent = d.risk_pending ? `${risk.dataset.labelRisk} ${d.risk_pending}` : "";
    if (d.finished) part("state").textContent = `${el.dataset.labelFinished} ${d.finished_at}`;
    if (d.finished && !d.risk_pending) el.dataset.finished = "1";
  }
  (function poll() {
    fetch(el.dataset.url, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(r => { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(d => { show(d); if (!d.finished || d.risk_pending) setTimeout(poll, 1000); })
      .catch(() => setTimeout(poll, 3000));
  })();
})();
