// What the phone keeps in IndexedDB: the outbox (actions waiting to be sent, in order), report
// drafts, and a cache of what the pages need offline (categories, the org tree, the to-do list,
// the cases last opened).
import { openDB } from "idb";

const dbPromise = openDB("gridcase", 1, {
  upgrade(db) {
    db.createObjectStore("outbox", { keyPath: "id", autoIncrement: true });
    db.createObjectStore("drafts", { keyPath: "requestId" });
    db.createObjectStore("cache");
  },
});

export const cache = {
  async get(key) {
    return (await dbPromise).get("cache", key);
  },
  async set(key, value) {
    return (await dbPromise).put("cache", { value, at: Date.now() }, key);
  },
};

export const outboxStore = {
  async all() {
    return (await dbPromise).getAll("outbox");
  },
  async get(id) {
    return (await dbPromise).get("outbox", id);
  },
  async add(item) {
    return (await dbPromise).add("outbox", item);
  },
  async put(item) {
    return (await dbPromise).put("outbox", item);
  },
  async delete(id) {
    return (await dbPromise).delete("outbox", id);
  },
};

export const drafts = {
  async all() {
    return (await dbPromise).getAll("drafts");
  },
  async put(draft) {
    return (await dbPromise).put("drafts", draft);
  },
  async delete(requestId) {
    return (await dbPromise).delete("drafts", requestId);
  },
};
