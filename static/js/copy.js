// Copy buttons: <button data-copy="FIELD_ID" data-copy-status="STATUS_ID" data-copied="…"
// data-copy-failed="…" hidden> copies the value of the field FIELD_ID and says so in the
// element STATUS_ID (a live region). The button is hidden until this script runs, so a page
// without scripts shows no button that does nothing. A static file: the Content Security
// Policy allows no inline script.
(() => {
  const copyText = async (field) => {
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(field.value);
        return true;
      } catch (error) {
        // Refused (permissions, an old browser): fall back to selecting the text.
      }
    }
    field.focus();
    field.select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  };

  for (const button of document.querySelectorAll("button[data-copy]")) {
    const field = document.getElementById(button.dataset.copy);
    if (!field) continue;
    const status = document.getElementById(button.dataset.copyStatus || "");
    // A click in the field selects the whole address, ready to copy by hand.
    field.addEventListener("focus", () => field.select());
    button.hidden = false;
    button.addEventListener("click", async () => {
      const copied = await copyText(field);
      if (!copied) field.select();
      if (status) status.textContent = copied ? button.dataset.copied : button.dataset.copyFailed;
    });
  }
})();
