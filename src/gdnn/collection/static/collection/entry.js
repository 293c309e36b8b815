// Data-entry grid. Every accepted edit goes into a queue kept in localStorage and is sent one at a
// time (so a lost connection loses nothing: the edits wait, the bar says so, and they are sent again
// on reconnect or after a reload). A cell save is idempotent (the same value twice changes nothing),
// and the queue keeps only the latest value of a cell. Totals add accepted values only: the server's
// value of a cell, or the valid value waiting to be sent; a rejected entry never counts.
// Each edit carries the base it started from (the cell's stored value as the page last knew it): if
// someone else (another person, another tab, a file import) changed the cell meanwhile, the server
// answers 409 with the value it holds and who stored it when. The cell is then marked "in conflict"
// with a panel in words, keeps the person's value, and waits for "keep mine" (resend on the new
// base) or "take theirs"; the rest of the queue goes on. Conflicts stay in the stored queue.
// Keyboard: Enter / Shift+Enter / arrows / Tab move between cells. The history drawer shows the
// focused cell's history; the submit button first shows what is empty or warned and asks to confirm.
(function () {
  "use strict";
  const root = document.querySelector("[data-entry]");
  if (!root) return;
  const cellUrl = root.dataset.cellUrl;
  const historyUrl = root.dataset.historyUrl;
  const readonly = root.hasAttribute("data-readonly");
  const csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  const status = document.getElementById("save-status");
  const bar = document.querySelector("[data-entry-bar]");
  const historyBox = document.getElementById("history");
  const drawer = document.getElementById("history-drawer");
  const storeKey = "gdnn-entry-queue:" + (root.dataset.user || "") + ":" + cellUrl;  // per person and form
  const inputs = Array.from(root.querySelectorAll("input.cell"));
  const byId = new Map(inputs.map(function (i) { return [i.id, i]; }));

  function msg(name, args) {
    let text = root.dataset["msg" + name] || "";
    Object.keys(args || {}).forEach(function (k) { text = text.split("%(" + k + ")s").join(String(args[k])); });
    return text;
  }

  // The page's number convention (gdnn.common.numbers): Vietnamese "1.234,5", English "1,234.5".
  const english = (document.documentElement.lang || "vi").startsWith("en");
  const number = new Intl.NumberFormat(english ? "en-US" : "vi-VN", { maximumFractionDigits: 4 });

  // Mirrors gdnn.common.numbers.parse_number. Vietnamese: "1.234" and "1.234.567" are thousands,
  // "32,5" a decimal. English: "1,234" thousands, "32.5" a decimal; anything else ("32,5" on an
  // English page) is not a number here, never a guess (the server names an ambiguous one as such).
  function parseNumber(text) {
    let raw = String(text).trim().replace(/[\s\u00a0]/g, "");
    if (!raw) return null;
    if (english) {
      if (!/^[+-]?((\d{1,3}(,\d{3})+|\d+)(\.\d+)?|\.\d+)$/.test(raw)) return NaN;
      return Number(raw.replace(/,/g, ""));
    }
    if (raw.includes(",") && raw.includes(".") && !/^[+-]?\d{1,3}(\.\d{3})+,\d+$/.test(raw)) return NaN;
    if (raw.includes(",")) raw = raw.replace(/\./g, "").replace(",", ".");
    else if (/^-?\d{1,3}(\.\d{3})+$/.test(raw)) raw = raw.replace(/\./g, "");
    if (!/^[+-]?\d+(\.\d+)?$/.test(raw)) return NaN;
    return Number(raw);
  }

  function localCheck(input) {
    const v = parseNumber(input.value);
    const type = input.dataset.type;
    if (v === null) return "";
    if (Number.isNaN(v)) return msg("NotNumber", { v: input.value });
    if ((type === "count" || type === "boolean") && !Number.isInteger(v)) return msg("Integer");
    if (type === "count" && v < 0) return msg("Negative");
    if (type === "percent" && (v < 0 || v > 100)) return msg("Percent");
    if (type === "boolean" && v !== 0 && v !== 1) return msg("Boolean");
    return "";
  }

  function showMessage(input, message) {
    const section = input.closest("section");
    const box = section.querySelector(".cell-msg");
    if (message) {
      input.setAttribute("aria-invalid", "true");
      box.textContent = input.getAttribute("aria-label") + ": " + message;
      box.hidden = false;
    } else {
      input.removeAttribute("aria-invalid");
      if (!section.querySelector("[aria-invalid=true]")) { box.hidden = true; box.textContent = ""; }
    }
  }

  // --- the queue -------------------------------------------------------------------------------
  let queue = [];  // [{id, element, key, value, base, conflict?}], oldest first, one entry per cell
  try { queue = JSON.parse(localStorage.getItem(storeKey) || "[]").filter(function (e) { return byId.has(e.id); }); }
  catch (err) { queue = []; }
  let offline = false, sessionLost = false, sending = false, retryTimer = null, savedAt = null;

  function persist() {
    try {
      if (queue.length) localStorage.setItem(storeKey, JSON.stringify(queue));
      else localStorage.removeItem(storeKey);
    } catch (err) { /* storage full or disabled: the queue still lives in this page */ }
  }
  function queued(id) { return queue.find(function (e) { return e.id === id; }); }
  function pending() { return queue.filter(function (e) { return !e.conflict; }); }
  function conflicts() { return queue.filter(function (e) { return e.conflict; }); }
  function enqueue(input) {
    const before = queued(input.id);
    if (before && before.conflict) clearConflict(input);  // typed again, seeing the conflict: the new value wins
    queue = queue.filter(function (e) { return e.id !== input.id; });
    queue.push({ id: input.id, element: input.dataset.element, key: input.dataset.key, value: input.value,
                 base: input.dataset.base, lang: english ? "en" : "vi" });  // read as typed, wherever it is sent from
    persist();
    input.classList.add("queued");
  }
  function dequeue(entry) {
    const current = queued(entry.id);
    if (current && current.value === entry.value) {
      queue = queue.filter(function (e) { return e !== current; });
      persist();
      byId.get(entry.id).classList.remove("queued");
    }
  }

  // --- totals of accepted values ----------------------------------------------------------------
  function accepted(input) {
    const entry = pending().find(function (e) { return e.id === input.id; });
    const v = parseNumber(entry ? entry.value : input.dataset.saved);
    return typeof v === "number" && !Number.isNaN(v) ? v : null;
  }
  function recompute(table) {
    let grand = 0, filled = 0;
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      let sum = 0;
      tr.querySelectorAll("input.cell").forEach(function (i) {
        const v = accepted(i);
        if (v !== null) { sum += v; filled += 1; }
      });
      grand += sum;
      const cell = tr.querySelector("[data-row-total]");
      if (cell) cell.textContent = number.format(sum);
    });
    const g = table.querySelector("[data-grand-total]");
    if (g) g.textContent = number.format(grand);
    const count = document.querySelector('[data-toc-count="' + table.dataset.element + '"]');
    if (count) count.textContent = filled + "/" + table.querySelectorAll("input.cell").length;
    const all = document.querySelector("[data-fill-count]");
    if (all) all.textContent = msg("Filled", { filled: inputs.filter(function (i) { return accepted(i) !== null; }).length,
                                               cells: inputs.length });
  }

  function showStatus() {
    const n = pending().length, c = conflicts().length;
    bar.classList.toggle("offline", offline && n > 0);
    bar.classList.toggle("conflicted", c > 0);
    let text;
    if (sessionLost && n) text = msg("Session", { n: n });
    else if (offline && n) text = msg("Offline", { n: n });
    else if (c) text = msg("Conflicts", { n: c });
    else if (n) text = msg("Waiting", { n: n });
    else if (root.querySelector("[aria-invalid=true]")) text = msg("Invalid");
    else if (savedAt) text = msg("Saved") + " " + savedAt.toLocaleTimeString("vi-VN");
    else return;
    status.textContent = text;
    status.classList.add("live");
  }

  function retryLater(ms) {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, ms);
  }

  // A second caller while a run is under way (the submit button tapped as the cell it leaves starts
  // saving) waits for that run, instead of finding the queue still full and refusing to submit.
  let inflight = null;
  function flush() {
    if (sending && inflight) return inflight;
    inflight = drain();
    return inflight;
  }

  async function drain() {
    if (sending || readonly || !pending().length) { showStatus(); return; }
    sending = true;
    showStatus();
    while (pending().length) {
      const entry = pending()[0];
      const input = byId.get(entry.id);
      input.classList.add("saving");
      const fields = { element: entry.element, key: entry.key, value: entry.value };
      if (typeof entry.base === "string") fields.base = entry.base;  // (an edit queued before bases: none)
      if (entry.lang) fields.language = entry.lang;
      let response;
      try {
        response = await fetch(cellUrl, {
          method: "POST", credentials: "same-origin",
          body: new URLSearchParams(fields),
          headers: { "X-CSRFToken": csrf, "X-Requested-With": "fetch" },
        });
      } catch (err) {
        input.classList.remove("saving");
        offline = true;
        retryLater(4000);
        break;
      }
      input.classList.remove("saving");
      offline = false;
      const type = response.headers.get("Content-Type") || "";
      if (response.status >= 500 || !type.includes("json")) {
        // A server error or a login/CSRF page: keep the edit, try again later.
        sessionLost = response.status < 500;
        offline = response.status >= 500;
        retryLater(sessionLost ? 15000 : 4000);
        break;
      }
      sessionLost = false;
      const data = await response.json();
      if (data.conflict) {
        conflicted(entry, input, data);
        recompute(input.closest("table"));
        continue;
      }
      dequeue(entry);
      if (data.ok) {
        input.dataset.saved = data.display;
        input.dataset.base = data.base;
        const later = queued(entry.id);  // typed again while this one was on its way: it builds on it
        if (later && !later.conflict) { later.base = data.base; persist(); }
        if (input.value === entry.value && document.activeElement !== input) input.value = data.display;
        input.classList.add("saved");
        if (input.value === entry.value || input.value === data.display) showMessage(input, "");
        savedAt = new Date();
      } else {
        showMessage(input, data.error);  // refused: the cell keeps its accepted value in the totals
      }
      recompute(input.closest("table"));
    }
    sending = false;
    showStatus();
  }

  // --- conflicts ------------------------------------------------------------------------------------
  function conflicted(entry, input, data) {
    input.dataset.saved = data.display;
    input.dataset.base = data.base;
    const current = queued(entry.id);
    if (current !== entry) return;  // typed again meanwhile: that newer edit goes next, on the old base
    entry.conflict = { display: data.display, base: data.base, error: data.error };
    persist();
    showConflict(input, entry);
  }

  function conflictBox(input) {
    const section = input.closest("section");
    let box = section.querySelector("[data-conflicts]");
    if (!box) {
      box = document.createElement("div");
      box.className = "cell-conflicts";
      box.setAttribute("data-conflicts", "");
      section.querySelector(".cell-msg").after(box);
    }
    return box;
  }

  function showConflict(input, entry) {
    const id = "conflict-" + input.id;
    let panel = document.getElementById(id);
    if (panel) panel.remove();
    panel = document.createElement("div");
    panel.className = "cell-conflict";
    panel.id = id;
    panel.setAttribute("role", "group");
    panel.setAttribute("aria-labelledby", id + "-h");
    const head = document.createElement("p");
    head.id = id + "-h";
    const strong = document.createElement("strong");
    strong.textContent = msg("ConflictTitle") + ": ";
    const go = document.createElement("a");
    go.href = "#" + input.id;
    go.setAttribute("data-conflict-goto", "");
    go.textContent = input.getAttribute("aria-label");
    head.append(strong, go);
    const text = document.createElement("p");
    text.textContent = entry.conflict.error;
    const actions = document.createElement("p");
    actions.className = "actions";
    const keep = document.createElement("button");
    keep.type = "button";
    keep.setAttribute("data-keep", "");
    keep.textContent = msg("Keep", { v: entry.value || msg("Empty") });
    const take = document.createElement("button");
    take.type = "button";
    take.className = "secondary";
    take.setAttribute("data-take", "");
    take.textContent = msg("Take", { v: entry.conflict.display || msg("Empty") });
    actions.append(keep, take);
    panel.append(head, text, actions);
    conflictBox(input).append(panel);
    input.classList.add("conflict");
    input.setAttribute("aria-describedby", id);
    input.title = msg("ConflictTitle");
    keep.addEventListener("click", function () { keepMine(input); });
    take.addEventListener("click", function () { takeTheirs(input); });
    showStatus();
  }

  function clearConflict(input) {
    const panel = document.getElementById("conflict-" + input.id);
    if (panel) panel.remove();
    input.classList.remove("conflict");
    input.removeAttribute("aria-describedby");
    input.removeAttribute("title");
  }

  function keepMine(input) {  // resend the person's value on top of the value now stored
    const entry = queued(input.id);
    if (!entry || !entry.conflict) return;
    entry.base = entry.conflict.base;
    delete entry.conflict;
    queue = queue.filter(function (e) { return e !== entry; }).concat([entry]);
    persist();
    clearConflict(input);
    input.value = entry.value;
    input.focus();
    recompute(input.closest("table"));
    flush();
  }

  function takeTheirs(input) {  // drop the person's value; the stored one stays
    const entry = queued(input.id);
    if (!entry || !entry.conflict) return;
    queue = queue.filter(function (e) { return e !== entry; });
    persist();
    clearConflict(input);
    input.value = entry.conflict.display;
    input.classList.remove("queued");
    showMessage(input, "");
    input.focus();
    recompute(input.closest("table"));
    showStatus();
  }

  function edited(input) {
    if (readonly) return;
    const problem = localCheck(input);
    showMessage(input, problem);
    if (!problem) {
      const entry = queued(input.id);
      if (entry ? entry.value !== input.value : input.value !== input.dataset.saved) {
        enqueue(input);
        flush();
      }
    }
    recompute(input.closest("table"));
    showStatus();
  }

  // --- keyboard ---------------------------------------------------------------------------------
  const rows = Array.from(root.querySelectorAll("table.grid tbody tr"))
    .map(function (tr) { return Array.from(tr.querySelectorAll("input.cell")); })
    .filter(function (r) { return r.length; });
  const where = new Map();
  rows.forEach(function (r, ri) { r.forEach(function (input, ci) { where.set(input, [ri, ci]); }); });

  function move(input, dr, dc) {
    const [r, c] = where.get(input);
    let target = null;
    if (dr) {
      const row = rows[r + dr];
      if (row) target = row[Math.min(c, row.length - 1)];
    } else {
      target = rows[r][c + dc] || (rows[r + dc] && (dc > 0 ? rows[r + dc][0] : rows[r + dc][rows[r + dc].length - 1]));
    }
    if (target) { target.focus(); target.select(); }
  }

  // A focused cell is never left under the sticky bar.
  function keepVisible(input) {
    const top = input.getBoundingClientRect().top;
    const limit = bar.getBoundingClientRect().bottom + 6;
    if (top < limit) window.scrollBy(0, top - limit);
  }

  // --- history drawer ---------------------------------------------------------------------------
  const toggle = document.querySelector("[data-history-toggle]");
  let lastCell = null, historyTimer = null;
  function loadHistory(input) {
    if (!input || drawer.hidden) return;
    clearTimeout(historyTimer);
    historyTimer = setTimeout(async function () {
      const url = historyUrl + "?" + new URLSearchParams({ element: input.dataset.element, key: input.dataset.key });
      try {
        const response = await fetch(url, { credentials: "same-origin" });
        if (response.ok) historyBox.innerHTML = await response.text();
      } catch (err) { /* offline: the drawer keeps what it showed */ }
    }, 120);
  }
  function setDrawer(open) {
    drawer.hidden = !open;
    document.querySelector(".entry-layout").classList.toggle("with-drawer", open);
    if (toggle) toggle.setAttribute("aria-expanded", String(open));
    if (open) loadHistory(lastCell);
  }
  if (toggle) toggle.addEventListener("click", function () { setDrawer(drawer.hidden); });
  const closer = document.querySelector("[data-history-close]");
  if (closer) closer.addEventListener("click", function () { setDrawer(false); if (lastCell) lastCell.focus(); });

  inputs.forEach(function (input) {
    input.addEventListener("change", function () { edited(input); });
    input.addEventListener("focus", function () { lastCell = input; keepVisible(input); loadHistory(input); });
    input.addEventListener("keydown", function (e) {
      const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
      const atEnd = input.selectionStart === input.value.length;
      if (e.key === "ArrowUp") { e.preventDefault(); move(input, -1, 0); }
      else if (e.key === "ArrowDown" || (e.key === "Enter" && !e.shiftKey)) { e.preventDefault(); move(input, 1, 0); }
      else if (e.key === "Enter" && e.shiftKey) { e.preventDefault(); move(input, -1, 0); }
      else if (e.key === "ArrowLeft" && atStart) { e.preventDefault(); move(input, 0, -1); }
      else if (e.key === "ArrowRight" && atEnd) { e.preventDefault(); move(input, 0, 1); }
      else if (e.key === "Escape" && !drawer.hidden) { setDrawer(false); }
    });
  });

  // --- submit with a confirmation ---------------------------------------------------------------
  const dialog = document.getElementById("submit-dialog");
  const submitButton = document.querySelector("button[data-review-url]");
  if (submitButton && dialog) {
    submitButton.addEventListener("click", async function (event) {
      event.preventDefault();
      if (!window.gdnnBusy.start(submitButton, submitButton.dataset.busy)) return;
      try {
        await flush();
        if (conflicts().length) {  // first the person decides each conflict
          showStatus();
          const first = document.getElementById("conflict-" + conflicts()[0].id);
          if (first) { first.scrollIntoView({ block: "center" }); first.querySelector("button").focus(); }
          return;
        }
        if (queue.length) { status.textContent = msg("Pending", { n: queue.length }); return; }
        const comment = document.getElementById("id_comment");
        const url = submitButton.dataset.reviewUrl + "?" + new URLSearchParams({ comment: comment ? comment.value : "" });
        const response = await fetch(url, { credentials: "same-origin" });
        if (!response.ok) { submitButton.form.requestSubmit(submitButton); return; }
        dialog.querySelector("[data-review-body]").innerHTML = await response.text();
        dialog.showModal();
        const confirm = dialog.querySelector("button[value=submit]");
        if (confirm && !confirm.disabled) confirm.focus();
      } catch (err) {
        offline = true;
        showStatus();
      } finally {
        window.gdnnBusy.stop(submitButton);
      }
    });
    dialog.addEventListener("click", function (event) {
      const target = event.target instanceof Element ? event.target : null;
      if (!target) return;
      if (target.closest("[data-dialog-close]")) { dialog.close(); return; }
      const link = target.closest("a[data-goto]");
      if (link) {
        event.preventDefault();
        dialog.close();
        const input = byId.get(link.getAttribute("href").slice(1));
        if (input) {
          input.scrollIntoView({ block: "center" });
          input.focus();
          input.select();
        }
      }
    });
  }

  // --- approve, return, reopen: each confirmed in its dialog first --------------------------------
  document.querySelectorAll("button[data-dialog]").forEach(function (button) {
    const box = document.getElementById(button.dataset.dialog);
    if (!box) return;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      const typed = document.getElementById("id_comment");
      const comment = box.querySelector("[data-confirm-comment]");
      if (comment && typed && typed.value.trim() && !comment.value.trim()) comment.value = typed.value;
      box.showModal();
      const first = comment && comment.required && !comment.value.trim() ? comment : box.querySelector("button[type=submit]");
      if (first) first.focus();
    });
    box.addEventListener("click", function (event) {
      const target = event.target instanceof Element ? event.target : null;
      if (target && target.closest("[data-dialog-close]")) { box.close(); button.focus(); }
    });
  });

  // --- start ------------------------------------------------------------------------------------
  if (bar) {
    const measure = function () {
      document.documentElement.style.setProperty("--entry-bar-h", bar.getBoundingClientRect().height + "px");
    };
    measure();
    if (window.ResizeObserver) new ResizeObserver(measure).observe(bar);
  }
  if (!readonly) queue.forEach(function (entry) {  // edits not yet saved when the page was last left
    const input = byId.get(entry.id);
    input.value = entry.value;
    input.classList.add("queued");
    if (entry.conflict) showConflict(input, entry);
  });
  root.querySelectorAll("table.grid").forEach(recompute);
  window.addEventListener("online", function () { offline = false; flush(); });
  window.addEventListener("offline", function () { offline = true; showStatus(); });
  if (pending().length) flush();
  showStatus();
})();
