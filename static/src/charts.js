// Charts from data the server renders as JSON (<script type="application/json">), never inline code.
// <canvas data-chart="ID"> draws the chart whose spec is in the element #ID: {type, labels, series}.
import { Chart, ArcElement, BarController, BarElement, CategoryScale, DoughnutController, Legend,
  LinearScale, Tooltip } from "chart.js";

Chart.register(ArcElement, BarController, BarElement, CategoryScale, DoughnutController, Legend, LinearScale,
  Tooltip);

const dark = window.matchMedia("(prefers-color-scheme: dark)").matches;
Chart.defaults.color = dark ? "#d0d5dd" : "#344054";
Chart.defaults.borderColor = dark ? "#344054" : "#e4e7ec";
Chart.defaults.font.family = "system-ui, sans-serif";

const COLORS = { AC: "#12b76a", WA: "#f04438", TLE: "#f79009", MLE: "#fdb022", RTE: "#d92d20", CE: "#9e77ed",
  OLE: "#fd853a", IE: "#667085", SK: "#98a2b3", SV: "#7a271a" };
const PALETTE = ["#2f5bd3", "#12b76a", "#f79009", "#f04438", "#9e77ed", "#0ba5ec"];

function draw(canvas) {
  const spec = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
  const colors = spec.labels.map((label, i) => COLORS[label] || PALETTE[i % PALETTE.length]);
  new Chart(canvas, {
    type: spec.type,
    data: {
      labels: spec.names || spec.labels,
      datasets: spec.series.map((s) => ({ label: s.label, data: s.data, backgroundColor: colors, borderWidth: 0 })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: spec.type === "doughnut", position: "right" } },
      scales: spec.type === "bar" ? { y: { beginAtZero: true, ticks: { precision: 0 } } } : {},
    },
  });
}

document.querySelectorAll("canvas[data-chart]").forEach(draw);
