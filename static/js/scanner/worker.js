// The check-in scanner's service worker, loaded by the one the server writes for each event's
// page (events/scanner_views.py service_worker), which sets self.SCANNER: the page's address,
// the static files it needs and a version. It keeps the page and those files, so the scanner
// opens again when the hall's network is down. The page keeps the ticket list and the queued
// check-ins itself (IndexedDB, store.js); the worker never touches the JSON addresses.
"use strict";

const { page, assets, version } = self.SCANNER;
const PREFIX = `jetcareer-scanner:${page}:`;
const CACHE = PREFIX + version;

// The page only as a signed-in member of staff gets it: not a login page after a redirect.
async function keepPage(cache) {
  try {
    const response = await fetch(page, { credentials: "same-origin" });
    if (response.ok && !response.redirected) await cache.put(page, response);
  } catch {
    // Offline while installing: the page is kept the next time it loads.
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(assets);
      await keepPage(cache);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

// The page: from the network while there is one (always the latest), else the copy kept.
async function pageFirstFromNetwork(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) await cache.put(page, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(page);
    if (kept) return kept;
    throw error;
  }
}

// Static files: the copy kept at once, refreshed in the background for the next load (in
// production their names change with their content; in development they do not).
async function keptFirst(event) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(event.request);
  const fresh = fetch(event.request).then(async (response) => {
    if (response.ok) await cache.put(event.request, response.clone());
    return response;
  });
  if (kept) {
    event.waitUntil(fresh.catch(() => undefined));
    return kept;
  }
  return fresh;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === page) {
    event.respondWith(pageFirstFromNetwork(request));
  } else if (assets.includes(url.pathname)) {
    event.respondWith(keptFirst(event));
  }
});
