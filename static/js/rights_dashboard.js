// The Rights dashboard's chart of expiries: Chart.js (static/vendor/chartjs, loaded before this file)
// draws the numbers the page carries as JSON (Django's json_script). Nothing is inline: the
// Content-Security-Policy allows scripts from this site's files only. The same numbers are in the table
// under the chart, so nothing depends on this script.
document.addEventListener("DOMContentLoaded", () => {
  const canvas = document.getElementById("expiry-chart");
  const source = canvas && document.getElementById(canvas.dataset.source);
  if (!canvas || !source || typeof window.Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  const accent = getComputedStyle(document.documentElement).getPropertyValue("--accent").trim();
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [{ label: data.series, data: data.counts, backgroundColor: accent || "#1f5fbf" }],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { display: false } },
    },
  });
  canvas.dataset.drawn = "true";
});
