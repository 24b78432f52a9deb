// Charts from data the server renders as JSON (<script type="application/json">), never inline code.
// <canvas data-chart="ID"> draws the chart whose spec is in the element #ID: {type, labels, series}.
import { Chart, ArcElement, BarController, BarElement, CategoryScale, DoughnutController, Legend,
  LinearScale, LineController, LineElement, PointElement, Tooltip } from "chart.js";

Chart.register(ArcElement, BarController, BarElement, CategoryScale, DoughnutController, Legend, LinearScale,
  LineController, LineElement, PointElement, Tooltip);

const dark = window.matchMedia("(prefers-color-scheme: dark)").matches;
Chart.defaults.color = dark ? "#d0d5dd" : "#344054";
Chart.defaults.borderColor = dark ? "#344054" : "#e4e7ec";
Chart.defaults.font.family = "system-ui, sans-serif";

const COLORS = { AC: "#12b76a", WA: "#f04438", TLE: "#f79009", MLE: "#fdb022", RTE: "#d92d20", CE: "#9e77ed",
  OLE: "#fd853a", IE: "#667085", SK: "#98a2b3", SV: "#7a271a" };
const PALETTE = ["#2f5bd3", "#12b76a", "#f79009", "#f04438", "#9e77ed", "#0ba5ec", "#dd2590", "#475467", "#66c61c",
  "#b54708"];

// {type: "line", x, y, series: [{label, data: [{x, y, solved}]}]}: stepped lines on a numeric x axis.
function drawLine(canvas, spec) {
  new Chart(canvas, {
    type: "line",
    data: {
      datasets: spec.series.map((s, i) => ({
        label: s.label, data: s.data, stepped: true, borderWidth: 2, pointRadius: 2,
        borderColor: PALETTE[i % PALETTE.length], backgroundColor: PALETTE[i % PALETTE.length],
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 12 } },
        tooltip: { callbacks: { afterLabel: (item) => `${item.raw.solved} solved` } },
      },
      scales: {
        x: { type: "linear", min: 0, max: spec.max_x, title: { display: true, text: spec.x } },
        y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: spec.y } },
      },
    },
  });
}

function draw(canvas) {
  const spec = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
  if (spec.type === "line") {
    drawLine(canvas, spec);
    return;
  }
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
