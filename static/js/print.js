// A "Print" button ([data-print]) on printable pages; no inline script (the CSP forbids it).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
