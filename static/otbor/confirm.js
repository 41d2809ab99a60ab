// A form marked data-confirm="Question?" asks before it is sent; the question comes from
// the template, so it is translated with the page (templates/applications/detail.html).
(function () {
  "use strict";
  document.addEventListener("submit", e => {
    const form = e.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) e.preventDefault();
  });
})();
