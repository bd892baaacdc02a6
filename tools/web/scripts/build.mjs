// Builds the web application into OUT_DIR, the folder gridcased serves:
//
//   node scripts/build.mjs OUT_DIR
//
//   OUT_DIR/index.html                  never cached; links the hashed assets
//   OUT_DIR/assets/app-XXXXXXXX.js      the bundle and its lazily loaded chunks (hashed names,
//   OUT_DIR/assets/app-XXXXXXXX.css     cached for good)
//   OUT_DIR/sw.js                       the service worker: caches the application for offline use
//   OUT_DIR/manifest.webmanifest, icon.svg
//   and beside each text file its gzip twin (NAME.gz), which gridcased sends to clients that
//   accept gzip.
//
// Needs only esbuild and the runtime packages (Node.js 18 or newer); the protobuf code is
// generated ahead of time into src/gen (scripts/gen.mjs).
import * as esbuild from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync, constants } from "node:zlib";

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.resolve(process.argv[2] ?? path.join(web, "dist"));
const target = ["es2020"];

rmSync(out, { recursive: true, force: true });
mkdirSync(path.join(out, "assets"), { recursive: true });

const app = await esbuild.build({
  absWorkingDir: web,
  entryPoints: { app: "src/main.js" },
  bundle: true,
  splitting: true,
  format: "esm",
  minify: true,
  target,
  outdir: path.join(out, "assets"),
  entryNames: "[name]-[hash]",
  chunkNames: "[name]-[hash]",
  assetNames: "[name]-[hash]",
  metafile: true,
  legalComments: "none",
  logLevel: "warning",
});

const files = Object.keys(app.metafile.outputs).map((f) => path.resolve(web, f));
const entry = Object.entries(app.metafile.outputs).find(([, o]) => o.entryPoint === "src/main.js");
const js = path.relative(out, path.resolve(web, entry[0]));
const css = entry[1].cssBundle ? path.relative(out, path.resolve(web, entry[1].cssBundle)) : null;

const indexHtml = readFileSync(path.join(web, "src/index.html"), "utf8")
  .replace("{{css}}", css ? `<link rel="stylesheet" href="/${css}">` : "")
  .replace("{{js}}", `<script type="module" src="/${js}"></script>`);
writeFileSync(path.join(out, "index.html"), indexHtml);
for (const name of ["manifest.webmanifest", "icon.svg"]) {
  writeFileSync(path.join(out, name), readFileSync(path.join(web, "static", name)));
}

// The service worker caches the shell: index.html, the entry bundle and every chunk, so the
// application starts without a network. Its version changes whenever any of them does.
const shell = ["/", "/manifest.webmanifest", "/icon.svg", ...files.map((f) => "/" + path.relative(out, f))];
const version = createHash("sha256");
for (const f of [path.join(out, "index.html"), ...files]) version.update(readFileSync(f));
await esbuild.build({
  absWorkingDir: web,
  entryPoints: ["src/sw.js"],
  bundle: true,
  minify: true,
  format: "iife",
  target,
  outfile: path.join(out, "sw.js"),
  define: {
    __SHELL__: JSON.stringify(shell),
    __VERSION__: JSON.stringify(version.digest("hex").slice(0, 16)),
  },
  logLevel: "warning",
});

// Precompressed twins of every text file.
const compressible = /\.(html|js|css|svg|webmanifest|json)$/;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (compressible.test(name)) {
      writeFileSync(p + ".gz", gzipSync(readFileSync(p), { level: constants.Z_BEST_COMPRESSION }));
    }
  }
}
walk(out);
console.log(`gridcase web: built ${path.relative(process.cwd(), out) || out} (${js}${css ? ", " + css : ""})`);
