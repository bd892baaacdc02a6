// Stops the build with a clear message when `npm ci` has not been run in tools/web.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const needed = ["esbuild", "@bufbuild/protobuf", "idb"];
const missing = needed.filter((m) => !existsSync(path.join(web, "node_modules", m, "package.json")));
if (missing.length) {
  console.error(
    `gridcase: the web application's packages are not installed (${missing.join(", ")}): ` +
      `run tools/setup.sh, or \`npm ci\` in ${web}`,
  );
  process.exit(1);
}
