// The scanner's storage on the phone (IndexedDB), one database per event: the event's ticket
// list ("tickets", by token), the check-ins waiting to be sent ("queue", by the scan's id) and a
// few notes ("meta": when the list was fetched, the clock's offset, the corrections, until when
// the list may be kept). Removing the event's data removes the whole database; a list past the
// time it may be kept (events.services.checkin.list_kept_until) is removed as soon as its
// check-ins are sent, by the page of its event or of any other (sweepExpired).
(function (scope) {
  "use strict";

  const VERSION = 1;
  const PREFIX = "jetcareer-scanner-";

  function ask(request) {
    return new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  function finished(transaction) {
    return new Promise((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  }

  class Store {
    constructor(db, name) {
      this.db = db;
      this.name = name;
    }

    all(storeName) {
      return ask(this.db.transaction(storeName).objectStore(storeName).getAll());
    }

    get(storeName, key) {
      return ask(this.db.transaction(storeName).objectStore(storeName).get(key));
    }

    put(storeName, value, key) {
      const transaction = this.db.transaction(storeName, "readwrite");
      transaction.objectStore(storeName).put(value, key);
      return finished(transaction);
    }

    delete(storeName, key) {
      const transaction = this.db.transaction(storeName, "readwrite");
      transaction.objectStore(storeName).delete(key);
      return finished(transaction);
    }

    /** Put the server's list in place of the one kept, in one transaction. */
    replaceTickets(tickets) {
      const transaction = this.db.transaction("tickets", "readwrite");
      const store = transaction.objectStore("tickets");
      store.clear();
      for (const ticket of tickets) store.put(ticket);
      return finished(transaction);
    }

    getMeta(key) {
      return this.get("meta", key);
    }

    setMeta(key, value) {
      return this.put("meta", value, key);
    }

    async remove() {
      this.db.close();
      await ask(indexedDB.deleteDatabase(this.name));
    }

    /** Whether the list is past the time it may be kept (`now`, ms, the server's clock) and
     * has no check-in left to send. */
    async expired(now) {
      const until = await this.getMeta("keepUntil");
      return Boolean(until) && now > until && (await this.all("queue")).length === 0;
    }
  }

  async function open(name) {
    const request = indexedDB.open(name, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore("tickets", { keyPath: "token" });
      db.createObjectStore("queue", { keyPath: "local_id" });
      db.createObjectStore("meta");
    };
    return new Store(await ask(request), name);
  }

  function openStore(event) {
    return open(`${PREFIX}${event}`);
  }

  /** Remove the lists of other events kept on this phone that are expired (Store.expired);
   * `now` in ms. Returns their names. A browser that cannot list its databases (Firefox
   * before 126) removes a list when the page of its event opens. */
  async function sweepExpired(now, except) {
    if (!indexedDB.databases) return [];
    const removed = [];
    for (const { name } of await indexedDB.databases()) {
      if (!name || !name.startsWith(PREFIX) || name === except) continue;
      const store = await open(name);
      if (await store.expired(now)) {
        await store.remove();
        removed.push(name);
      } else {
        store.db.close();
      }
    }
    return removed;
  }

  scope.JetScanner = Object.assign(scope.JetScanner || {}, { openStore, sweepExpired });
})(self);
