// The booth scanner (issue #17, templates/events/booth/scanner.html): an exhibitor's phone keeps
// the camera open and sends each ticket it reads to the server (events/booth_views.py scan),
// which counts the visit and, for a visitor who shares their profile, answers the visitor's
// card with the organisation's rating and note, saved here without leaving the page. Reading
// the camera is camera.js, shared with the check-in scanner. Settings and words come from the
// JSON in #booth-config (no inline script: the Content Security Policy forbids them).
(function () {
  "use strict";

  const { tokenOf, startScanning, unlockSound, signal } = self.JetScanner;
  const config = JSON.parse(document.getElementById("booth-config").textContent);
  const L = config.labels;
  const $ = (id) => document.getElementById(id);
  const fill = (text, values) => text.replace(/%\((\w+)\)s/g, (_, key) => values[key] ?? "");

  const SAME_CODE_PAUSE = 5000; // ms before the same unreadable code counts again
  const SCAN_EVERY = 150; // ms between two looks at the camera's picture
  const SHOWN_FOR = 3000; // ms an anonymous visit or a refusal holds the scanner

  const state = {
    busy: false, // a scan is being sent
    holdUntil: 0, // a visit's or a refusal's message is being read
    dirty: false, // the card's rating or note changed and is not saved
    current: "", // the token whose card is shown: scanning it again changes nothing
    last: { text: "", at: 0 },
  };

  const paused = () => state.busy || state.dirty || Date.now() < state.holdUntil;

  class SignedOut extends Error {}

  async function post(url, body, headers) {
    const response = await fetch(url, {
      method: "POST",
      body,
      headers: { Accept: "application/json", "X-CSRFToken": config.csrf, ...headers },
      credentials: "same-origin",
    });
    const json = (response.headers.get("Content-Type") || "").startsWith("application/json");
    if (response.redirected || !json) throw new SignedOut();
    return { ok: response.ok, answer: await response.json() };
  }

  // --- The screen ---------------------------------------------------------------------------

  const STYLES = { lead: "alert-success", visit: "alert-secondary", refused: "alert-danger" };
  const SIGNALS = { lead: "ok", visit: "warn", refused: "error" };

  function show(kind, message, html = "") {
    const result = $("booth-result");
    result.dataset.kind = kind;
    const text = $("booth-result-message");
    text.className = `alert py-2 mb-2 ${STYLES[kind]}`;
    text.textContent = message;
    $("booth-result-card").innerHTML = html; // the server's own template, escaped there
    $("booth-unsaved").hidden = true;
    result.hidden = false;
    signal(SIGNALS[kind]);
    if (kind !== "lead") state.holdUntil = Date.now() + SHOWN_FOR;
  }

  function setCounts(counts) {
    if (counts) $("booth-counts").textContent = fill(L.counts, counts);
  }

  function signedOut() {
    $("booth-signed-out").hidden = false;
  }

  // --- A scan -------------------------------------------------------------------------------

  async function onCode(text) {
    const token = tokenOf(text);
    if (token && token === state.current) return; // the visitor whose card is shown
    const now = Date.now();
    if (!token) {
      if (text === state.last.text && now - state.last.at < SAME_CODE_PAUSE) return;
      state.last = { text, at: now };
      state.current = "";
      return show("refused", L.notATicket);
    }
    state.busy = true;
    try {
      const { ok, answer } = await post(config.urls.scan, JSON.stringify({ token }), {
        "Content-Type": "application/json",
      });
      if (!ok) {
        state.current = "";
        return show("refused", answer.error || L.failed);
      }
      state.current = answer.kind === "lead" ? token : "";
      setCounts(answer.counts);
      show(answer.kind, answer.message, answer.html);
    } catch (error) {
      state.current = "";
      if (error instanceof SignedOut) signedOut();
      show("refused", error instanceof SignedOut ? L.signedOut : L.failed);
    } finally {
      state.busy = false;
    }
  }

  // --- The visitor's rating and note ----------------------------------------------------------

  async function save(form) {
    const status = form.querySelector(".booth-lead-status");
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const { ok, answer } = await post(form.action, new FormData(form), {});
      status.className = `booth-lead-status small ms-2 ${ok ? "text-success" : "text-danger"}`;
      status.textContent = ok ? answer.message : answer.error;
      if (ok) {
        state.dirty = false;
        $("booth-unsaved").hidden = true;
      }
    } catch (error) {
      status.className = "booth-lead-status small ms-2 text-danger";
      status.textContent = error instanceof SignedOut ? L.signedOut : L.failed;
      if (error instanceof SignedOut) signedOut();
    } finally {
      button.disabled = false;
    }
  }

  function listenToCards() {
    const card = $("booth-result-card");
    card.addEventListener("submit", (event) => {
      const form = event.target.closest("form.booth-lead-form");
      if (!form) return;
      event.preventDefault();
      save(form);
    });
    card.addEventListener("input", (event) => {
      if (!event.target.closest("form.booth-lead-form")) return;
      state.dirty = true;
      $("booth-unsaved").hidden = false;
      const status = card.querySelector(".booth-lead-status");
      if (status) status.textContent = "";
    });
  }

  // --- The camera ---------------------------------------------------------------------------

  function startCamera() {
    return startScanning({
      video: $("booth-video"),
      start: $("booth-start"),
      error: $("booth-camera-error"),
      message: L.cameraError,
      jsqrUrl: config.urls.jsqr,
      onCode,
      every: SCAN_EVERY,
      paused,
    });
  }

  // The camera starts with a tap on its button, never by itself: the tap also lets the page
  // make its sounds, and nothing is filmed unasked.
  $("booth-start").addEventListener("click", startCamera);
  document.addEventListener("click", unlockSound);
  listenToCards();
  $("booth-scanner").dataset.ready = "yes";
})();
