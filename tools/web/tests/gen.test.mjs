// The browser's protobuf code is what protoc-gen-es makes from proto/ today: regenerate it and
// compare, so the browser can never drift from the server's contract.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

test("src/gen is what protoc-gen-es generates from proto/ and the reasons' texts from the catalogue", async () => {
  const out = mkdtempSync(path.join(os.tmpdir(), "gridcase-gen-"));
  try {
    execFileSync(process.execPath, ["scripts/gen.mjs", out], { stdio: ["ignore", "inherit", "inherit"] });
    for (const rel of ["gridcase/v1/gridcase_pb.js", "reasons.js"]) {
      const fresh = readFileSync(path.join(out, rel), "utf8");
      const kept = readFileSync(path.join("src/gen", rel), "utf8");
      assert.ok(
        fresh === kept,
        `tools/web/src/gen/${rel} is out of date with proto/ or core/gridcase/reasons.def: run \`node scripts/gen.mjs\` in tools/web and commit the result`,
      );
    }
    // Every reason of the catalogue made it, with its Chinese text.
    const { REASONS } = await import(path.resolve("src/gen/reasons.js"));
    const names = readFileSync("../../core/gridcase/reasons.def", "utf8").matchAll(/^GRIDCASE_REASON\(\w+, "(\w+)"/gm);
    const count = new Set([...names].map((m) => m[1])).size;
    assert.equal(Object.keys(REASONS).length, count);
    assert.equal(REASONS.STALE_VERSION[0].length > 0, true);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
