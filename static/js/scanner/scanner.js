// The check-in scanner (issue #17, templates/events/scanner.html): keeps the camera open and
// checks people in scan after scan, with a full-screen result, a sound and a vibration.
// Online, each scan is decided by the server (events/scanner_views.py sync). Offline, the
// phone decides from the event's ticket list it keeps (IndexedDB, store.js), queues the
// check-in and sends the queue when the network returns; the server may correct what the
// phone decided, and the page lists those corrections. Settings and words come from the JSON
// in #scanner-config (no inline script: the Content Security Policy forbids them).
(function () {
  "use strict";

  // camera.js: what a ticket's QR code holds, the camera, its decoding and the signals, shared
  // with the booth scanner.
  const {
    openStore,
    sweepExpired,
    matches,
    searchForm,
    tokenOf,
    startScanning,
    unlockSound,
    signal,
  } = self.JetScanner;
  const config = JSON.parse(document.getElementById("scanner-config").textContent);
  const L = config.labels;
  const $ = (id) => document.getElementById(id);
  const fill = (text, values) => text.replace(/%\((\w+)\)s/g, (_, key) => values[key] ?? "");

  const SAME_TICKET_PAUSE = 5000; // ms before the same ticket, still in view, counts again
  const SHOWN_FOR = { ok: 1800, warn: 2600, error: 3500 }; // ms a result stays on screen
  const SCAN_EVERY = 120; // ms between two looks at the camera's picture
  const UNREACHABLE_FOR = 15000; // ms a failed request makes the page work offline
  const BATCH = 200; // queued check-ins per request
  const LIST_FRESH = 30000; // ms: the list is fetched again when the count changed since
  const LIST_MAX_AGE = 300000; // ms: and at least this often
  const RECENT = 6; // results listed under the camera

  const state = {
    store: null,
    tickets: new Map(), // token -> {token, status, checked_in_at, name, kana, search, pending}
    queued: 0,
    reachable: navigator.onLine,
    unreachableUntil: 0,
    signedOut: false,
    csrf: config.csrf,
    clockOffset: 0, // the server's clock minus the phone's, ms
    counts: null,
    listAt: 0,
    listCounts: "",
    shown: false,
    last: { token: "", at: 0 },
    flushing: null,
    corrections: [],
    deviceId: "",
  };

  // --- Time -----------------------------------------------------------------------------------

  const clock = new Intl.DateTimeFormat("en-GB", {
    timeZone: config.timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const hhmm = (iso) => (iso ? clock.format(new Date(iso)) : "");
  const serverNow = () => new Date(Date.now() + state.clockOffset);

  // --- Server -------------------------------------------------------------------------------

  class SignedOut extends Error {}
  class ListExpired extends Error {}

  function canReachServer() {
    return navigator.onLine && !state.signedOut && Date.now() >= state.unreachableUntil;
  }

  function setReachable(reachable) {
    state.reachable = reachable;
    state.unreachableUntil = reachable ? 0 : Date.now() + UNREACHABLE_FOR;
    renderNetwork();
  }

  async function api(url, { method = "GET", body = null, timeout = 8000 } = {}) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeout);
    const headers = { Accept: "application/json" };
    if (body !== null) {
      headers["Content-Type"] = "application/json";
      headers["X-CSRFToken"] = state.csrf;
    }
    try {
      const response = await fetch(url, {
        method,
        body: body === null ? undefined : JSON.stringify(body),
        headers,
        credentials: "same-origin",
        signal: controller.signal,
      });
      const json = (response.headers.get("Content-Type") || "").startsWith("application/json");
      if (response.redirected || (response.ok && !json)) throw new SignedOut();
      if (response.status === 403) {
        const error = new SignedOut();
        error.forbidden = true;
        throw error;
      }
      if (response.status === 410) throw new ListExpired(); // the event is over
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return await response.json();
    } finally {
      clearTimeout(timer);
    }
  }

  async function postScans(scans, timeout) {
    try {
      return await api(config.urls.sync, { method: "POST", body: scans, timeout });
    } catch (error) {
      if (!(error instanceof SignedOut && error.forbidden)) throw error;
      // A page opened from the offline copy holds an old CSRF token: a fresh one, then again.
      await refreshState();
      return api(config.urls.sync, { method: "POST", body: scans, timeout });
    }
  }

  function failed(error) {
    if (error instanceof SignedOut) {
      state.signedOut = true;
      renderNetwork();
    } else {
      setReachable(false);
    }
  }

  async function refreshState() {
    const started = Date.now();
    const answer = await api(config.urls.state, { timeout: 5000 });
    const ended = Date.now();
    state.clockOffset = Date.parse(answer.now) - (started + ended) / 2;
    state.csrf = answer.csrf;
    state.signedOut = false;
    setReachable(true);
    setCounts(answer);
    await state.store.setMeta("clockOffset", state.clockOffset);
    return answer;
  }

  // --- The ticket list ----------------------------------------------------------------------

  const countsKey = (counts) => `${counts.confirmed}/${counts.checked_in}`;

  async function downloadList(counts) {
    const answer = await api(config.urls.tickets, { timeout: 30000 });
    // Check-ins still waiting to be sent stay checked in on this phone.
    const waiting = new Map((await state.store.all("queue")).map((q) => [q.token, q.scanned_at]));
    for (const ticket of answer.tickets) {
      if (waiting.has(ticket.token) && !ticket.checked_in_at) {
        ticket.checked_in_at = waiting.get(ticket.token);
        ticket.pending = true;
      }
    }
    await state.store.replaceTickets(answer.tickets);
    state.tickets = new Map(answer.tickets.map((ticket) => [ticket.token, ticket]));
    state.listAt = Date.parse(answer.generated_at) || Date.now();
    state.listCounts = counts ? countsKey(counts) : "";
    await state.store.setMeta("list", { at: state.listAt, counts: state.listCounts });
    renderListInfo();
    renderSearch();
  }

  function listIsStale(counts) {
    const age = serverNow().getTime() - state.listAt;
    if (!state.listAt || age > LIST_MAX_AGE) return true;
    return countsKey(counts) !== state.listCounts && age > LIST_FRESH;
  }

  /** What the server said of a ticket, kept in the phone's list. */
  async function learn(result) {
    let ticket = state.tickets.get(result.token);
    if (!ticket) {
      if (!result.status) return; // another event's ticket, or none
      // Registered after the list was fetched.
      ticket = { token: result.token, name: result.name, kana: result.kana };
      ticket.search = searchForm(`${result.name} ${result.kana}`);
      state.tickets.set(ticket.token, ticket);
    }
    if (result.status) ticket.status = result.status;
    ticket.checked_in_at = result.checked_in_at;
    ticket.pending = false;
    await state.store.put("tickets", ticket);
  }

  // --- Deciding a scan ----------------------------------------------------------------------

  function personOf(ticket, fallback = {}) {
    const name = ticket ? ticket.name : fallback.name;
    const kana = ticket ? ticket.kana : fallback.kana;
    return { name: name || (ticket || fallback.status ? L.deletedAccount : ""), kana: kana || "" };
  }

  function fromServer(result) {
    const person = personOf(null, result);
    if (result.outcome === "checked_in") return { kind: "ok", ...person, message: L.checkedIn };
    if (result.outcome === "already") {
      return { kind: "warn", ...person, message: fill(L.already, { time: hhmm(result.checked_in_at) }) };
    }
    return { kind: "error", ...person, message: result.message };
  }

  async function decideHere(scan) {
    const ticket = state.tickets.get(scan.token);
    if (!ticket) return { kind: "error", name: "", kana: "", message: L.notOnList };
    const person = personOf(ticket);
    if (ticket.status === "cancelled") return { kind: "error", ...person, message: L.cancelled };
    if (ticket.status === "waitlisted") return { kind: "error", ...person, message: L.waitlisted };
    if (ticket.checked_in_at) {
      return { kind: "warn", ...person, message: fill(L.already, { time: hhmm(ticket.checked_in_at) }) };
    }
    if (new Date(scan.scanned_at) < new Date(config.opensAt)) {
      return { kind: "error", ...person, message: L.notOpen };
    }
    ticket.checked_in_at = scan.scanned_at;
    ticket.pending = true;
    await state.store.put("tickets", ticket);
    await state.store.put("queue", { ...scan, name: person.name });
    state.queued += 1;
    renderCounts();
    return { kind: "ok", ...person, message: `${L.checkedIn} ${L.savedOffline}` };
  }

  async function checkIn(token) {
    const scan = {
      token,
      scanned_at: serverNow().toISOString(),
      device_id: state.deviceId,
      local_id: crypto.randomUUID(),
    };
    if (canReachServer()) {
      try {
        const answer = await postScans([scan], 4000);
        setCounts(answer);
        const [result] = answer.results;
        await learn(result);
        return show(fromServer(result));
      } catch (error) {
        failed(error); // then decided here with the same scan: a lost answer replays alike
      }
    }
    show(await decideHere(scan));
  }

  async function onCode(text) {
    const token = tokenOf(text);
    const now = Date.now();
    if (token && token === state.last.token && now - state.last.at < SAME_TICKET_PAUSE) return;
    state.last = { token: token || text, at: now };
    if (!token) return show({ kind: "error", name: "", kana: "", message: L.notATicket });
    await checkIn(token);
  }

  // --- Sending the queue --------------------------------------------------------------------

  function flush() {
    if (!state.flushing) {
      state.flushing = sendQueue().finally(() => {
        state.flushing = null;
      });
    }
    return state.flushing;
  }

  async function sendQueue() {
    let queue = await state.store.all("queue");
    state.queued = queue.length;
    while (queue.length && canReachServer()) {
      const batch = queue.slice(0, BATCH);
      let answer;
      try {
        answer = await postScans(
          batch.map(({ token, scanned_at, device_id, local_id }) => ({
            token, scanned_at, device_id, local_id,
          })),
          20000,
        );
      } catch (error) {
        failed(error);
        break;
      }
      const byId = new Map(batch.map((item) => [item.local_id, item]));
      for (const result of answer.results) {
        const item = byId.get(result.local_id);
        await learn(result);
        if (item && result.outcome === "rejected") {
          const time = hhmm(item.scanned_at);
          correct("error", item, fill(L.correctedRejected, { time, reason: result.message }));
        } else if (item && result.outcome === "already") {
          correct("warn", item, fill(L.correctedAlready, { time: hhmm(result.checked_in_at) }));
        }
        await state.store.delete("queue", result.local_id);
      }
      setCounts(answer);
      queue = queue.slice(batch.length);
      state.queued = queue.length;
    }
    await state.store.setMeta("corrections", state.corrections);
    renderCounts();
    renderCorrections();
    renderSearch();
  }

  function correct(kind, item, message) {
    const ticket = state.tickets.get(item.token);
    state.corrections.unshift({ kind, name: personOf(ticket, item).name, message });
  }

  // --- Polling: the live count, the clock, the queue, the list ------------------------------

  async function poll() {
    clearTimeout(state.pollTimer);
    if (state.polling) return; // the running one schedules the next
    state.polling = true;
    if (navigator.onLine) {
      try {
        const answer = await refreshState();
        await flush();
        if (await leaveIfExpired()) return;
        if (listIsStale(answer)) await downloadList(answer);
      } catch (error) {
        if (error instanceof ListExpired && (await leaveIfExpired(true))) return;
        failed(error);
      }
    } else {
      setReachable(false);
    }
    state.polling = false;
    state.pollTimer = setTimeout(poll, config.pollSeconds * 1000);
  }

  function setCounts(answer) {
    if (answer && typeof answer.checked_in === "number") {
      state.counts = { confirmed: answer.confirmed, checked_in: answer.checked_in };
    }
    renderCounts();
  }

  // --- The screen ---------------------------------------------------------------------------

  const COLOURS = { ok: "text-bg-success", warn: "text-bg-warning", error: "text-bg-danger" };

  function show(result) {
    const overlay = $("scan-result");
    overlay.className = `scan-result is-${result.kind}`;
    overlay.dataset.kind = result.kind;
    $("scan-result-name").textContent = result.name;
    $("scan-result-kana").textContent = result.kana;
    $("scan-result-message").textContent = result.message;
    overlay.hidden = false;
    state.shown = true;
    signal(result.kind);
    clearTimeout(state.hideTimer);
    state.hideTimer = setTimeout(hide, SHOWN_FOR[result.kind]);
    addRecent(result);
  }

  function hide() {
    $("scan-result").hidden = true;
    state.shown = false;
  }

  function addRecent(result) {
    const list = $("scanner-recent");
    const item = document.createElement("li");
    item.className = `scanner-recent-item is-${result.kind}`;
    item.dataset.kind = result.kind;
    const badge = document.createElement("span");
    badge.className = `badge ${COLOURS[result.kind]} me-2`;
    badge.textContent = hhmm(serverNow().toISOString());
    item.append(badge, [result.name, result.message].filter(Boolean).join(": "));
    list.prepend(item);
    while (list.children.length > RECENT) list.lastElementChild.remove();
  }

  function renderCounts() {
    if (state.counts) {
      $("scanner-count").textContent = fill(L.count, {
        checked_in: state.counts.checked_in + state.queued,
        confirmed: state.counts.confirmed,
      });
    }
    const queued = $("scanner-queued");
    queued.hidden = !state.queued;
    queued.textContent = fill(L.queued, { count: state.queued });
  }

  function renderNetwork() {
    const online = state.reachable && navigator.onLine;
    const badge = $("scanner-network");
    badge.className = `badge ${online ? "text-bg-success" : "text-bg-warning"}`;
    badge.textContent = online ? L.online : L.offlineBadge;
    badge.dataset.online = online ? "yes" : "no";
    $("scanner-offline").hidden = online;
    $("scanner-offline").textContent = L.offline;
    $("scanner-signed-out").hidden = !state.signedOut;
  }

  function renderCorrections() {
    const list = $("scanner-corrections-list");
    list.replaceChildren();
    for (const correction of state.corrections) {
      const item = document.createElement("li");
      item.className = `list-group-item list-group-item-${correction.kind === "error" ? "danger" : "warning"}`;
      const name = document.createElement("strong");
      name.textContent = correction.name;
      item.append(name, document.createElement("br"), correction.message);
      list.append(item);
    }
    $("scanner-corrections").hidden = !state.corrections.length;
  }

  function renderListInfo() {
    $("scanner-list-info").textContent = state.listAt
      ? fill(L.listInfo, { count: state.tickets.size, time: hhmm(new Date(state.listAt).toISOString()) })
      : "";
  }

  function renderSearch() {
    const query = $("scanner-search").value;
    const results = $("scanner-results");
    results.replaceChildren();
    if (!query.trim()) return;
    const found = [];
    for (const ticket of state.tickets.values()) {
      if (ticket.search && matches(ticket.search, query)) found.push(ticket);
      if (found.length === 20) break;
    }
    if (!found.length) {
      const item = document.createElement("li");
      item.className = "list-group-item";
      item.textContent = L.noMatch;
      results.append(item);
      return;
    }
    for (const ticket of found) results.append(searchResult(ticket));
  }

  function searchResult(ticket) {
    const item = document.createElement("li");
    item.className = "list-group-item d-flex justify-content-between align-items-center gap-2";
    const who = document.createElement("span");
    who.textContent = ticket.name || L.deletedAccount;
    if (ticket.kana) {
      const kana = document.createElement("span");
      kana.className = "text-body-secondary ms-1";
      kana.textContent = `(${ticket.kana})`;
      who.append(kana);
    }
    item.append(who);
    if (ticket.checked_in_at) {
      const badge = document.createElement("span");
      badge.className = "badge text-bg-success";
      badge.textContent = `${L.checkedInBadge} ${hhmm(ticket.checked_in_at)}`;
      item.append(badge);
    } else if (ticket.status === "confirmed") {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-success";
      button.textContent = L.checkIn;
      button.addEventListener("click", async () => {
        button.disabled = true;
        state.last = { token: ticket.token, at: Date.now() };
        await checkIn(ticket.token);
        renderSearch();
      });
      item.append(button);
    } else {
      const badge = document.createElement("span");
      badge.className = "badge text-bg-secondary";
      badge.textContent = L[`status_${ticket.status}`] || ticket.status;
      item.append(badge);
    }
    return item;
  }

  // --- The camera ---------------------------------------------------------------------------

  function startCamera() {
    return startScanning({
      video: $("scanner-video"),
      start: $("scanner-start"),
      error: $("scanner-camera-error"),
      message: L.cameraError,
      jsqrUrl: config.urls.jsqr,
      onCode,
      every: SCAN_EVERY,
      paused: () => state.shown,
    });
  }

  // --- Start --------------------------------------------------------------------------------

  async function removeList() {
    if ((await state.store.all("queue")).length) {
      window.alert(L.notEmpty);
      return;
    }
    await state.store.remove();
    window.alert(L.removed);
    window.location.assign(config.urls.desk);
  }

  /** Once the event is over (config.keepUntil, or the server's 410) and every check-in kept
   * here is sent, the list of names leaves the phone; the page then goes to the desk. */
  async function leaveIfExpired(serverSaidSo = false) {
    const now = serverNow().getTime();
    if (serverSaidSo) await state.store.setMeta("keepUntil", Math.min(state.keepUntil, now - 1));
    if (!(await state.store.expired(now))) return false;
    clearTimeout(state.pollTimer);
    const held = state.tickets.size > 0;
    await state.store.remove();
    window.alert(held ? L.expired : L.over);
    window.location.assign(config.urls.desk);
    return true;
  }

  async function start() {
    state.deviceId = localStorage.getItem("jetcareer-scanner-device") || crypto.randomUUID();
    localStorage.setItem("jetcareer-scanner-device", state.deviceId);
    state.store = await openStore(config.event);
    for (const ticket of await state.store.all("tickets")) state.tickets.set(ticket.token, ticket);
    state.queued = (await state.store.all("queue")).length;
    const list = (await state.store.getMeta("list")) || {};
    state.listAt = list.at || 0;
    state.listCounts = list.counts || "";
    state.clockOffset = (await state.store.getMeta("clockOffset")) || 0;
    state.corrections = (await state.store.getMeta("corrections")) || [];
    state.keepUntil = Date.parse(config.keepUntil);
    await state.store.setMeta("keepUntil", state.keepUntil);
    await sweepExpired(serverNow().getTime(), state.store.name);
    if (await leaveIfExpired()) return;

    $("scanner-start").addEventListener("click", startCamera);
    $("scan-result").addEventListener("click", hide);
    document.addEventListener("keydown", (event) => {
      if (state.shown && (event.key === "Escape" || event.key === "Enter")) hide();
    });
    $("scanner-search").addEventListener("input", renderSearch);
    $("scanner-search-form").addEventListener("submit", (event) => event.preventDefault());
    $("scanner-remove").addEventListener("click", removeList);
    $("scanner-corrections-clear").addEventListener("click", async () => {
      state.corrections = [];
      await state.store.setMeta("corrections", []);
      renderCorrections();
    });
    document.addEventListener("click", unlockSound);
    window.addEventListener("online", () => {
      state.unreachableUntil = 0;
      poll();
    });
    window.addEventListener("offline", () => setReachable(false));

    renderNetwork();
    renderCounts();
    renderCorrections();
    renderListInfo();
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register(config.urls.sw, { scope: config.urls.page }).catch(() => undefined);
    }
    $("scanner").dataset.ready = "yes";
    // The camera starts with a tap on its button, never by itself: the tap also lets the page
    // make its sounds (browsers allow audio only after one), and nothing is filmed unasked.
    poll();
  }

  start();
})();
