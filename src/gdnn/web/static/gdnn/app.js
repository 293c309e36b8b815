// Small behaviours shared by every page; no inline script (the Content-Security-Policy forbids it).
// A checkbox with data-select-all="NAME" checks or clears every checkbox named NAME in its form.
document.addEventListener("change", function (event) {
  var box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.dataset.selectAll) return;
  var scope = box.form || document;
  scope.querySelectorAll('input[type=checkbox][name="' + box.dataset.selectAll + '"]').forEach(function (b) {
    b.checked = box.checked;
  });
});
