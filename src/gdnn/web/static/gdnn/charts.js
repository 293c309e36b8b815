// Draw the Vega-Lite specs of a plan (the same specs the DOCX report renders) with vega-embed.
document.addEventListener("DOMContentLoaded", async () => {
  const box = document.getElementById("charts");
  if (!box || typeof vegaEmbed === "undefined") return;
  try {
    const response = await fetch(box.dataset.src, { credentials: "same-origin" });
    const { specs } = await response.json();
    box.textContent = "";
    if (!specs.length) { box.textContent = "–"; return; }
    for (const spec of specs) {
      const figure = document.createElement("figure");
      figure.className = "chart";
      box.appendChild(figure);
      await vegaEmbed(figure, spec, { actions: false, renderer: "svg" });
    }
  } catch (error) {
    box.textContent = String(error);
  }
});
