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

// On a narrow screen the main menu folds behind the "Menu" button; without this script the menu
// simply stays open (the button stays hidden).
(function () {
  var button = document.querySelector("header.top .menu-toggle");
  var menu = document.getElementById("main-menu");
  if (!button || !menu) return;
  button.hidden = false;
  document.documentElement.classList.add("menu-foldable");
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("open", open);
  });
})();

// A submit button with data-confirm="…" asks first (an action that deletes, removes or revokes);
// "Cancel" sends nothing. Capture phase: it runs before busy.js marks the form as sent.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var text = button && button.dataset ? button.dataset.confirm : "";
  if (text && !window.confirm(text)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
