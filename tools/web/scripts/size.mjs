// Prints what a first load of the grid worker's pages costs, compressed as gridcased sends it:
// index.html and everything it pulls in before the first screen (the entry bundle, its static
// imports and its stylesheet), plus the manifest and icon, and the service worker it installs.
// Chunks loaded only by other pages (the supervisor's board) are listed apart.
//
//   node scripts/size.mjs DIST_DIR [--budget KB]     exits 1 when over the budget
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const dist = path.resolve(process.argv[2] ?? "dist");
const budgetAt = process.argv.indexOf("--budget");
const budget = budgetAt > 0 ? Number(process.argv[budgetAt + 1]) * 1000 : 150 * 1000;

function gz(rel) {
  const file = path.join(dist, rel);
  let bytes;
  try {
    bytes = statSync(file + ".gz").size;
  } catch {
    bytes = statSync(file).size;
  }
  return bytes;
}

const html = readFileSync(path.join(dist, "index.html"), "utf8");
const first = new Set(["index.html", "manifest.webmanifest", "icon.svg", "sw.js"]);
for (const m of html.matchAll(/(?:src|href)="\/([^"]+)"/g)) first.add(m[1]);
// Static imports of the entry, followed through the chunks (a dynamic import() is not).
const queue = [...first].filter((f) => f.endsWith(".js"));
while (queue.length) {
  const f = queue.pop();
  const text = readFileSync(path.join(dist, f), "utf8");
  for (const m of text.matchAll(/(?:^|[;}\s])import\s*(?:[^"'()]*?from\s*)?["']\.\/([^"']+)["']/g)) {
    const dep = path.posix.join(path.posix.dirname(f), m[1]);
    if (!first.has(dep)) {
      first.add(dep);
      queue.push(dep);
    }
  }
}
let total = 0;
console.log("first load of the grid worker's pages (bytes as sent, gzip):");
for (const f of [...first].sort()) {
  const n = gz(f);
  total += n;
  console.log(`  ${String(n).padStart(8)}  ${f}`);
}
console.log(`  ${String(total).padStart(8)}  total (${(total / 1000).toFixed(1)} KB; budget ${budget / 1000} KB)`);
const later = readdirSync(path.join(dist, "assets"))
  .filter((f) => !f.endsWith(".gz") && !first.has("assets/" + f));
if (later.length) {
  console.log("loaded later, only by the pages that need them:");
  for (const f of later.sort()) console.log(`  ${String(gz("assets/" + f)).padStart(8)}  assets/${f}`);
}
if (total > budget) {
  console.error(`gridcase web: first load is ${total} bytes, over the budget of ${budget}`);
  process.exit(1);
}
