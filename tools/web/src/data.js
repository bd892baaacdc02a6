// Reference data the pages read, fetched when online and cached on the phone for offline use:
// the category tree and the org tree of the user's scope.
import { cache } from "./store.js";

async function cached(app, key, fetch) {
  if (app.api.online) {
    try {
      const value = await fetch();
      await cache.set(key, value);
      return value;
    } catch {
      // Fall back to what the phone has.
    }
  }
  return (await cache.get(key))?.value ?? null;
}

export function categories(app) {
  return cached(app, "categories", async () => (await app.api.call("listCategories", {})).value.categories);
}

export function orgTree(app) {
  return cached(app, `org:${app.api.user?.id}`, async () => (await app.api.call("getOrgTree", {})).value.units);
}

export const UNIT = { COMMUNITY: 3, GRID: 4, BUILDING_GROUP: 5 };
