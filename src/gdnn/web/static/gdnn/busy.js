// Feedback for anything slow, for every page that includes this file (no inline script: CSP).
//  - <button data-busy="Đang nộp…"> in a form, or any submit button of <form data-busy-form>: on submit the
//    button shows its busy text, every button of the form is disabled, and a second submit is ignored.
//  - <a data-busy="Đang tạo tệp…" href=…>: the file is fetched while the link shows its busy text and is
//    disabled, then handed to the browser as a download (an error page is shown as a page).
// window.gdnnBusy.start(el, text) / .stop(el) let other scripts use the same look.
(function () {
  "use strict";
  function start(el, text) {
    if (el.dataset.busyOn) return false;
    el.dataset.busyOn = "1";
    el.dataset.busyLabel = el.textContent;
    if (text) el.textContent = text;
    el.setAttribute("aria-busy", "true");
    el.classList.add("is-busy");
    if (el.tagName === "BUTTON" || el.tagName === "INPUT") el.disabled = true;
    else el.setAttribute("aria-disabled", "true");
    return true;
  }
  function stop(el) {
    if (!el.dataset.busyOn) return;
    el.textContent = el.dataset.busyLabel;
    delete el.dataset.busyOn;
    delete el.dataset.busyLabel;
    el.removeAttribute("aria-busy");
    el.classList.remove("is-busy");
    if (el.tagName === "BUTTON" || el.tagName === "INPUT") el.disabled = false;
    else el.removeAttribute("aria-disabled");
  }
  window.gdnnBusy = { start: start, stop: stop };

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement)) return;
    const button = event.submitter;
    const wants = form.hasAttribute("data-busy-form") || (button && button.hasAttribute("data-busy"));
    if (!wants) return;
    if (form.dataset.busySubmitted) { event.preventDefault(); return; }  // a second click or Enter
    form.dataset.busySubmitted = "1";
    if (button && button.name) {  // a disabled submitter is not sent: carry its name and value
      const carry = document.createElement("input");
      carry.type = "hidden"; carry.name = button.name; carry.value = button.value;
      form.appendChild(carry);
    }
    form.querySelectorAll("button, input[type=submit]").forEach(function (b) {
      if (b === button) start(b, b.dataset.busy || "");
      else b.disabled = true;
    });
  });

  function fileName(header) {
    const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header || "");
    return match ? decodeURIComponent(match[1]) : "";
  }

  document.addEventListener("click", async function (event) {
    const link = event.target instanceof Element ? event.target.closest("a[data-busy]") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    if (!start(link, link.dataset.busy)) return;
    try {
      const response = await fetch(link.href, { credentials: "same-origin" });
      const type = response.headers.get("Content-Type") || "";
      if (!response.ok || type.startsWith("text/html")) { window.location.href = link.href; return; }
      const url = URL.createObjectURL(await response.blob());
      const save = document.createElement("a");
      save.href = url;
      save.download = fileName(response.headers.get("Content-Disposition")) || "";
      document.body.appendChild(save);
      save.click();
      save.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    } catch (err) {
      window.location.href = link.href;
    } finally {
      stop(link);
    }
  });

  // Back to a page from the browser's cache: its buttons work again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("[data-busy-on]").forEach(stop);
    document.querySelectorAll("form[data-busy-submitted]").forEach(function (f) {
      delete f.dataset.busySubmitted;
      f.querySelectorAll("button, input[type=submit]").forEach(function (b) { b.disabled = false; });
    });
  });
})();
