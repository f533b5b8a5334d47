// Site behaviour. No inline scripts anywhere (the Content Security Policy forbids them).
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});

// After a failed submit the error summary (templates/includes/error_summary.html) takes focus,
// so the reader hears first what to correct; its links then move focus to each field.
document.querySelector("[data-error-summary]")?.focus();

document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-error-summary] a[href^='#']");
  const field = link && document.getElementById(link.getAttribute("href").slice(1));
  if (!field) return;
  // A fragment link would only scroll; show the field's label or legend and focus the field.
  event.preventDefault();
  const legend = field.closest("fieldset")?.querySelector("legend");
  const label = document.querySelector(`label[for="${CSS.escape(field.id)}"]`);
  (label || legend || field).scrollIntoView();
  field.focus({ preventScroll: true });
});
