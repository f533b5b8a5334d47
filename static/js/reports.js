// Report charts (Chart.js, vendored). Data comes from a JSON block the page renders.
(() => {
  const source = document.getElementById("report-data");
  if (!source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const participants = document.querySelector('[data-chart="participants"]');
  if (participants) {
    new Chart(participants, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: data.series.attended, data: data.attended, backgroundColor: "#1d6fa5" },
          { label: data.series.jet, data: data.jet, backgroundColor: "#7fb3d5" },
          { label: data.series.exhibitors, data: data.exhibitors, backgroundColor: "#f0ad4e" },
        ],
      },
      options: { animation: false, responsive: true, plugins: { legend: { position: "bottom" } } },
    });
  }
  const satisfaction = document.querySelector('[data-chart="satisfaction"]');
  if (satisfaction) {
    new Chart(satisfaction, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{ label: data.series.satisfaction, data: data.satisfaction, backgroundColor: "#2e8b57" }],
      },
      options: { animation: false, indexAxis: "y", responsive: true, scales: { x: { min: 0, max: 100 } } },
    });
  }
})();
