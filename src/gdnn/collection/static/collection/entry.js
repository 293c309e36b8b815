// Data-entry grid: autosave per cell (POST with the CSRF token), inline messages, live totals,
// keyboard navigation (arrows, Enter / Shift+Enter), and the history of the focused cell.
(function () {
  "use strict";
  const root = document.querySelector("[data-entry]");
  if (!root) return;
  const cellUrl = root.dataset.cellUrl;
  const historyUrl = root.dataset.historyUrl;
  const readonly = root.hasAttribute("data-readonly");
  const csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  const status = document.getElementById("save-status");
  const historyBox = document.getElementById("history");
  const number = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 4 });
  let pending = 0;

  // Mirrors gdnn.common.vnformat.parse_number: "1.234" and "1.234.567" are thousands, "32,5" a decimal.
  function parseVN(text) {
    let raw = String(text).trim().replace(/[\s\u00a0]/g, "");
    if (!raw) return null;
    if (raw.includes(",")) raw = raw.replace(/\./g, "").replace(",", ".");
    else if (/^-?\d{1,3}(\.\d{3})+$/.test(raw)) raw = raw.replace(/\./g, "");
    if (!/^-?\d+(\.\d+)?$/.test(raw)) return NaN;
    return Number(raw);
  }

  function localCheck(input) {
    const v = parseVN(input.value);
    const type = input.dataset.type;
    if (v === null) return "";
    if (Number.isNaN(v)) return "“" + input.value + "” không phải là số (ví dụ đúng: 1.234 hoặc 32,5).";
    if ((type === "count" || type === "boolean") && !Number.isInteger(v)) return "Giá trị phải là số nguyên (không có phần thập phân).";
    if (type === "count" && v < 0) return "Số lượng không được âm.";
    if (type === "percent" && (v < 0 || v > 100)) return "Tỷ lệ phải từ 0 đến 100.";
    if (type === "boolean" && v !== 0 && v !== 1) return "Chỉ nhập 1 (có) hoặc 0 (không).";
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

  function recompute(table) {
    let grand = 0;
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      let sum = 0;
      tr.querySelectorAll("input.cell").forEach(function (i) {
        const v = parseVN(i.value);
        if (typeof v === "number" && !Number.isNaN(v)) sum += v;
      });
      grand += sum;
      const cell = tr.querySelector("[data-row-total]");
      if (cell) cell.textContent = number.format(sum);
    });
    const g = table.querySelector("[data-grand-total]");
    if (g) g.textContent = number.format(grand);
  }

  function setStatus(text) { status.textContent = text; status.classList.add("live"); }

  async function save(input) {
    if (readonly || input.value === input.dataset.saved) return;
    const problem = localCheck(input);
    showMessage(input, problem);
    if (problem) return;
    pending += 1;
    input.classList.add("saving");
    setStatus("Đang lưu…");
    const body = new URLSearchParams({ element: input.dataset.element, key: input.dataset.key, value: input.value });
    try {
      const response = await fetch(cellUrl, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRFToken": csrf, "X-Requested-With": "fetch" },
      });
      const data = await response.json();
      if (data.ok) {
        input.value = data.display;
        input.dataset.saved = data.display;
        input.classList.add("saved");
        showMessage(input, "");
      } else {
        showMessage(input, data.error);
      }
    } catch (err) {
      showMessage(input, "Không lưu được (mất kết nối?). Giá trị vẫn còn trong ô; hãy thử lại.");
    } finally {
      pending -= 1;
      input.classList.remove("saving");
      recompute(input.closest("table"));
      if (pending === 0) {
        const invalid = root.querySelector("[aria-invalid=true]");
        setStatus(invalid ? "Có ô chưa lưu được — xem thông báo màu đỏ." :
          "Đã lưu lúc " + new Date().toLocaleTimeString("vi-VN"));
      }
    }
  }

  // The grid as rows of inputs, across all sections, for up/down movement.
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

  let historyTimer = null;
  function loadHistory(input) {
    clearTimeout(historyTimer);
    historyTimer = setTimeout(async function () {
      const url = historyUrl + "?" + new URLSearchParams({ element: input.dataset.element, key: input.dataset.key });
      const response = await fetch(url, { credentials: "same-origin" });
      if (response.ok) historyBox.innerHTML = await response.text();
    }, 150);
  }

  root.querySelectorAll("input.cell").forEach(function (input) {
    input.addEventListener("change", function () { save(input); });
    input.addEventListener("input", function () { recompute(input.closest("table")); });
    input.addEventListener("focus", function () { loadHistory(input); });
    input.addEventListener("keydown", function (e) {
      const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
      const atEnd = input.selectionStart === input.value.length;
      if (e.key === "ArrowUp") { e.preventDefault(); move(input, -1, 0); }
      else if (e.key === "ArrowDown" || (e.key === "Enter" && !e.shiftKey)) { e.preventDefault(); move(input, 1, 0); }
      else if (e.key === "Enter" && e.shiftKey) { e.preventDefault(); move(input, -1, 0); }
      else if (e.key === "ArrowLeft" && atStart) { e.preventDefault(); move(input, 0, -1); }
      else if (e.key === "ArrowRight" && atEnd) { e.preventDefault(); move(input, 0, 1); }
    });
  });
  window.addEventListener("beforeunload", function (e) { if (pending) { e.preventDefault(); } });
})();
