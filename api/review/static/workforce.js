// The workforce dashboard's charts, drawn with the vendored Chart.js (api/static/chartjs/) from the
// numbers the server wrote beside each canvas (script type="application/json"); the same numbers
// are in each chart's table, which is what a reader without JavaScript, and the printout, get.
"use strict";

// Colours that read apart for common colour-vision deficiencies (Okabe-Ito), and on paper.
const COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00"];

function draw(canvas) {
  const source = document.getElementById(canvas.dataset.chart);
  if (!source || !window.Chart) return null;
  const data = JSON.parse(source.textContent);
  const horizontal = canvas.dataset.kind === "hbar";
  const box = canvas.parentElement;
  if (horizontal) {
    // a bar's height per row, so long labels and many rows stay readable
    const rows = Number(box.dataset.rows || "1");
    box.style.height = Math.max(12, 2.2 * rows * data.series.length ** 0.5 + 5) + "rem";
  }
  const valueAxis = horizontal ? "x" : "y";
  const categoryAxis = horizontal ? "y" : "x";
  const scales = {};
  scales[valueAxis] = {
    beginAtZero: true,
    title: { display: true, text: horizontal ? data.axis.x : data.axis.y },
  };
  scales[categoryAxis] = {
    title: { display: true, text: horizontal ? data.axis.y : data.axis.x },
    ticks: { autoSkip: false },
  };
  return new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.series.map((s, i) => ({
        label: s.name,
        data: s.values,
        backgroundColor: COLOURS[i % COLOURS.length],
        borderColor: COLOURS[i % COLOURS.length],
      })),
    },
    options: {
      indexAxis: horizontal ? "y" : "x",
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales,
      plugins: {
        legend: { display: data.series.length > 1, position: "bottom" },
        tooltip: { enabled: true },
      },
    },
  });
}

document.addEventListener("DOMContentLoaded", () => {
  if (window.Chart) {
    window.Chart.defaults.font.size = 14;
    window.Chart.defaults.color = "#1b1f24";
  }
  const charts = [];
  for (const canvas of document.querySelectorAll("canvas[data-chart]")) {
    const chart = draw(canvas);
    if (chart) {
      charts.push(chart);
      canvas.dataset.drawn = "yes";
      // the numbers are open for a reader without JavaScript; beside a drawn chart, one click away
      const table = canvas.closest("section").querySelector("details.chart-data");
      if (table) table.open = false;
    }
  }
  // On paper: every table open (the numbers print beside their chart), charts sized to the page.
  let opened = [];
  window.addEventListener("beforeprint", () => {
    opened = [...document.querySelectorAll("details.chart-data:not([open])")];
    for (const details of opened) details.open = true;
    for (const chart of charts) chart.resize();
  });
  window.addEventListener("afterprint", () => {
    for (const details of opened) details.open = false;
    opened = [];
    for (const chart of charts) chart.resize();
  });
});
