// Report charts (Chart.js, vendored). Data comes from a JSON block the page renders.
(() => {
  const source = document.getElementById("report-data");
  if (!source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  // Event titles are long (「JET青年のためのキャリアフェア2027 大阪会場」): Chart.js cuts an axis
  // label that does not fit, so each is set on lines of at most `width` characters, at spaces
  // where there are any (English), else anywhere (Japanese has none).
  const wrap = (label, width = 16) => {
    const lines = [];
    let line = "";
    for (const word of String(label).split(/(?<= )/)) {
      for (const part of word.length > width ? word.match(new RegExp(`.{1,${width}}`, "gu")) : [word]) {
        if ((line + part).trimEnd().length > width && line) {
          lines.push(line.trimEnd());
          line = "";
        }
        line += part;
      }
    }
    if (line.trim()) lines.push(line.trimEnd());
    return lines;
  };
  const labels = data.labels.map((label) => wrap(label));
  const participants = document.querySelector('[data-chart="participants"]');
  if (participants) {
    new Chart(participants, {
      type: "bar",
      data: {
        labels,
        datasets: [
          { label: data.series.attended, data: data.attended, backgroundColor: "#1d6fa5" },
          { label: data.series.jet, data: data.jet, backgroundColor: "#7fb3d5" },
          { label: data.series.exhibitors, data: data.exhibitors, backgroundColor: "#f0ad4e" },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        plugins: { legend: { position: "bottom" } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, // people come whole
      },
    });
  }
  const satisfaction = document.querySelector('[data-chart="satisfaction"]');
  if (satisfaction) {
    new Chart(satisfaction, {
      type: "bar",
      data: {
        labels,
        datasets: [{ label: data.series.satisfaction, data: data.satisfaction, backgroundColor: "#2e8b57" }],
      },
      options: { animation: false, indexAxis: "y", responsive: true, scales: { x: { min: 0, max: 100 } } },
    });
  }
})();
