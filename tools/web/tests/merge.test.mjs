// A case merged into another says so on its page: 已并入 with a link to the other case and the
// reason recorded for the merge; the case it went into lists the cases merged into it, each with
// its reason.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { newPage, login, ApiClient, makeCase, act, explained, withServerAndBrowser } from "./support.mjs";

let server;
let browser;
withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

test("a merged case shows the case it went into and why; that case lists it", async () => {
  const tag = crypto.randomUUID().slice(0, 8);
  const api = await ApiClient.connect(server.port);
  await api.login("grid1");
  const { kase: main } = await makeCase(api, `5号楼井盖破损 ${tag}`);
  const { kase: copy } = await makeCase(api, `5号楼门前井盖松动 ${tag}`);
  const { kase: alone } = await makeCase(api, `路灯不亮 ${tag}`);
  api.close();
  const sup = await ApiClient.connect(server.port);
  await sup.login("supervisor");
  const reason = `同一井盖，居民重复反映 ${tag}`;
  const merged = await act(sup, "mergeCase", copy, { intoCaseId: main.id }, reason);
  sup.close();
  assert.equal(merged.state, 7); // MERGED

  const page = await newPage(browser, { width: 360, height: 640 });
  await login(page, server, "grid1");
  await explained("merge", () => [page], async () => {
    await page.goto(server.url + `/#/case/${copy.id}`);
    await page.getByRole("heading", { name: copy.title }).waitFor();
    const note = page.locator(".merged-into");
    await note.getByText(`已并入 ${main.number}；合并理由：${reason}`).waitFor();
    await note.getByRole("link", { name: main.number }).click();
    await page.getByRole("heading", { name: main.title }).waitFor();
    const list = page.getByRole("region", { name: "已并入本案的案件" });
    await list.getByText(`${copy.number} ${copy.title}；合并理由：${reason}`).waitFor();
    await list.getByRole("link", { name: `${copy.number} ${copy.title}` }).waitFor();
    assert.equal(await page.locator(".merged-into").count(), 0);
    // A case with no merge says nothing of it.
    await page.goto(server.url + `/#/case/${alone.id}`);
    await page.getByRole("heading", { name: alone.title }).waitFor();
    await page.locator("#history-h").waitFor();
    assert.equal(await page.getByText("已并入").count(), 0);
  });
  assert.deepEqual(page.errors, []);
});
