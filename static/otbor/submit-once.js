// A double-click guard: a form marked data-submit-once disables its button when it is
// submitted and shows the attribute's text (templates/applications/step_review.html).
(function () {
  "use strict";
  document.querySelectorAll("form[data-submit-once]").forEach(form => {
    form.addEventListener("submit", e => {
      const b = e.target.querySelector("button");
      b.disabled = true; b.textContent = form.dataset.submitOnce;
    });
  });
})();
