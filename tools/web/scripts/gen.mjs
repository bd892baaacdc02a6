// Generates the browser's protobuf code from proto/ with protoc and protoc-gen-es.
//
//   node scripts/gen.mjs OUT_DIR      writes OUT_DIR/gridcase/v1/gridcase_pb.js
//
// src/gen holds the generated code the bundle is built from; tests/gen_test.mjs regenerates
// it and fails when it differs, so the browser never drifts from the server's contract.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const protoDir = path.resolve(web, "../../proto");
const out = path.resolve(process.argv[2] ?? path.join(web, "src/gen"));

const major = Number(process.versions.node.split(".")[0]);
if (major < 20) {
  console.error(
    `gridcase: generating the browser's protobuf code needs Node.js 20 or newer (protoc-gen-es 2.13); ` +
      `this is Node.js ${process.versions.node}. Install Node.js 20 (for example NodeSource's nodejs 20 ` +
      `package for Debian 12) and run tools/setup.sh again.`,
  );
  process.exit(3);
}

mkdirSync(out, { recursive: true });
execFileSync(
  "protoc",
  [
    `--plugin=protoc-gen-es=${path.join(web, "node_modules/.bin/protoc-gen-es")}`,
    `--es_out=${out}`,
    "--es_opt=target=js",
    `-I${protoDir}`,
    path.join(protoDir, "gridcase/v1/gridcase.proto"),
  ],
  { stdio: "inherit" },
);
