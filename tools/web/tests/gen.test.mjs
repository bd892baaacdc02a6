// The browser's protobuf code is what protoc-gen-es makes from proto/ today: regenerate it and
// compare, so the browser can never drift from the server's contract.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

test("src/gen is what protoc-gen-es generates from proto/gridcase/v1/gridcase.proto", () => {
  const out = mkdtempSync(path.join(os.tmpdir(), "gridcase-gen-"));
  try {
    execFileSync(process.execPath, ["scripts/gen.mjs", out], { stdio: ["ignore", "inherit", "inherit"] });
    const rel = "gridcase/v1/gridcase_pb.js";
    const fresh = readFileSync(path.join(out, rel), "utf8");
    const kept = readFileSync(path.join("src/gen", rel), "utf8");
    assert.ok(
      fresh === kept,
      "tools/web/src/gen is out of date with proto/: run `node scripts/gen.mjs` in tools/web and commit the result",
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
