// Applicant steps (templates/applications/_autosave.html): every field is saved as soon
// as it changes, so a closed tab loses at most the field being typed; leaving with an
// unsaved change asks first. After a save, and on load while the workers compute, the
// indicators panel is refreshed in place.
(function () {
  "use strict";

  function pollIndicators(attempt) {
    // The panel is replaced in place (never a page reload, which would race with the
    // user's own navigation); while the workers compute, it polls once a second.
    const box = document.getElementById("indicators");
    if (!box) return;
    attempt = attempt || 0;
    fetch(box.dataset.url, {credentials: "same-origin"}).then(r => r.json()).then(data => {
      const current = document.getElementById("indicators");
      if (current) current.outerHTML = data.html;
      if (data.progress.state === "pending" && attempt < 120) {
        setTimeout(() => pollIndicators(attempt + 1), 1000);
      }
    }).catch(() => {});
  }

  function autosave(form) {
    const status = document.getElementById("autosave-status");
    let dirty = false, saving = Promise.resolve();
    form.addEventListener("input", () => { dirty = true; status.textContent = "Есть несохранённые изменения"; });
    form.addEventListener("change", () => {
      saving = saving.then(() => fetch(form.action || location.href, {
        method: "POST", body: new FormData(form), headers: {"X-Autosave": "1"}, credentials: "same-origin",
      }).then(r => r.json().then(body => {
        form.querySelectorAll(".autosave-error").forEach(e => e.remove());
        // A page's own script (model-grid.js) may show the outcome itself: it cancels this event.
        const shown = !form.dispatchEvent(new CustomEvent("otbor:autosaved", {
          cancelable: true, detail: {ok: r.ok, errors: body.errors || {}},
        }));
        if (r.ok) { dirty = false; status.textContent = "Черновик сохранён " + new Date().toLocaleTimeString("ru-RU"); pollIndicators(); }
        else {
          // Nothing typed is touched: the values stay in the fields until corrected.
          status.textContent = "Не сохранено: исправьте ошибки, отмеченные красным";
          if (shown) return;
          for (const [name, msgs] of Object.entries(body.errors || {})) {
            const input = form.querySelector(`[name="${name}"]`);
            const div = document.createElement("div");
            div.className = "autosave-error text-danger small"; div.textContent = [].concat(msgs).join(" ");
            (input ? input.parentNode : form).appendChild(div);
          }
        }
      })).catch(() => {
        form.dispatchEvent(new CustomEvent("otbor:autosaved", {detail: {ok: false, offline: true, errors: {}}}));
        status.textContent = "Нет связи с сервером: изменения не сохранены" +
          (form.dataset.storageKey ? " на сервере, копия хранится в этом браузере" : "");
      }));
    });
    form.addEventListener("submit", () => { dirty = false; });
    window.addEventListener("beforeunload", (e) => { if (dirty) { e.preventDefault(); e.returnValue = ""; } });
  }

  const form = document.querySelector("form[data-autosave]");
  if (form) autosave(form);
  if (document.getElementById("indicators")?.dataset.state === "pending") pollIndicators();
})();
