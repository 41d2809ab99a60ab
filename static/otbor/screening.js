// The secretary's screening list (templates/screening/screening.html): a rejection asks
// for confirmation (confirm.js reads data-confirm, set here only while «Отклонить» is
// chosen; the question comes translated from the template) and requires its reasons.
// The server checks both again (screening/forms.py).
(function () {
  "use strict";
  function sync(form) {
    const select = form.querySelector("select[name=decision]");
    const reasons = form.querySelector("textarea[name=reasons]");
    const reject = select.value === "reject";
    if (reject) form.dataset.confirm = form.dataset.confirmReject;
    else delete form.dataset.confirm;
    if (reasons) reasons.required = reject;
  }
  document.querySelectorAll("form[data-screening-form]").forEach(form => {
    form.addEventListener("change", e => { if (e.target.name === "decision") sync(form); });
    sync(form);
  });
})();
