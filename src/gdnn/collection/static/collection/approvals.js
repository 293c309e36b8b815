// The bulk approvals page: approving or returning the ticked reports asks first, with their count;
// a return without a reason is stopped at the comment box (the server refuses it too). Capture
// phase: it runs before busy.js marks the form as sent.
(function () {
  "use strict";
  const form = document.querySelector("form[data-bulk-form]");
  if (!form) return;
  const comment = form.querySelector("textarea[name=comment]");
  if (comment) comment.addEventListener("input", function () { comment.setCustomValidity(""); });
  form.addEventListener("submit", function (event) {
    const button = event.submitter;
    const action = button ? button.value : "";
    if (action !== "approve" && action !== "return") return;
    const stop = function () { event.preventDefault(); event.stopImmediatePropagation(); };
    const n = form.querySelectorAll("input[type=checkbox][name=ids]:checked").length;
    if (n === 0) { stop(); window.alert(form.dataset.msgNone); return; }
    if (action === "return" && comment && !comment.value.trim()) {
      stop();
      comment.setCustomValidity(form.dataset.msgReason);
      comment.reportValidity();
      comment.focus();
      return;
    }
    const key = "msg" + (action === "approve" ? "Approve" : "Return") + (n === 1 ? "One" : "Many");
    if (!window.confirm((form.dataset[key] || "").replace("{n}", String(n)))) stop();
  }, true);
})();
