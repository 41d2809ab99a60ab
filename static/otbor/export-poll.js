// A large meeting's protocol export (templates/admin/commission/export.html, loaded only
// while the job is pending): polls the job's state once a second (every 3 s after a
// network error) and reloads the page once it is no longer pending, which then shows the
// download link or the error.
(function () {
  "use strict";
  const el = document.getElementById("export-state");
  if (!el) return;
  (function poll() {
    fetch(el.dataset.url, {credentials: "same-origin"}).then(r => r.json()).then(d => {
      if (d.state === "pending") setTimeout(poll, 1000); else location.reload();
    }).catch(() => setTimeout(poll, 3000));
  })();
})();
