// (3) Two users act on the same case: the supervisor urges it while the grid worker, on a page
// opened before, resolves it. The grid worker's action meets a stale version: the outbox shows
// the conflict with what changed meanwhile, and redoing it on the latest version succeeds once.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { newPage, login, ApiClient, makeCase, act, history, withServerAndBrowser } from "./support.mjs";
import { REASONS } from "../src/gen/reasons.js";

let server;
let browser;
withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

test("the one who loses a race sees the conflict, what changed, and can redo", async () => {
  const tag = crypto.randomUUID().slice(0, 8);
  const api = await ApiClient.connect(server.port);
  await api.login("grid1");
  const { kase, me } = await makeCase(api, `两人同时处理的案件 ${tag}`);
  await act(api, "acceptCase", kase);
  await act(api, "dispatchCase", kase, { unitId: kase.handlingUnitId, assigneeUserId: me.id });
  api.close();

  const worker = await newPage(browser, { width: 360, height: 640 });
  await login(worker, server, "grid1");
  await worker.goto(server.url + `/#/case/${kase.id}`);
  await worker.getByRole("heading", { name: kase.title }).waitFor();

  const supervisor = await newPage(browser, { width: 1366, height: 768 });
  await login(supervisor, server, "supervisor");
  await supervisor.goto(server.url + `/#/case/${kase.id}`);
  const urge = supervisor.getByRole("form", { name: "督办" });
  await urge.getByLabel("说明").fill(`请今日内办结 ${tag}`);
  await urge.getByRole("button", { name: "督办" }).click();
  await supervisor.getByText(`请今日内办结 ${tag}`).first().waitFor();

  // The grid worker resolves on the version seen before the urge.
  const resolve = worker.getByRole("form", { name: "办结" });
  await resolve.getByLabel("办结情况").fill(`已清理完毕 ${tag}`);
  await resolve.getByRole("button", { name: "办结" }).click();
  await worker.goto(server.url + "/#/outbox");
  const item = worker.locator("li.item[data-status=conflict]");
  await item.waitFor({ timeout: 10000 });
  await item.getByText("案件已被他人更新：", { exact: true }).waitFor();
  // The server's refusal, in Chinese from its own catalogue of reasons.
  await item.getByText(REASONS.STALE_VERSION[0]).waitFor();
  await item.getByText(`督办：请今日内办结 ${tag}`).waitFor();

  await item.getByRole("button", { name: "按最新情况重做" }).click();
  await worker.locator("li.item[data-status=sent]").waitFor({ timeout: 10000 });

  const check = await ApiClient.connect(server.port);
  await check.login("supervisor");
  const events = await history(check, kase.id);
  assert.equal(events.filter((e) => e.action === 7).length, 1);
  assert.equal(events.filter((e) => e.action === 14).length, 1);
  assert.equal((await check.call("getCase", { caseId: kase.id })).case.state, 4); // RESOLVED
  check.close();
  assert.deepEqual(worker.errors, []);
  assert.deepEqual(supervisor.errors, []);
});

test("a step the case no longer allows is shown as such, with what the case allows now", async () => {
  const tag = crypto.randomUUID().slice(0, 8);
  const api = await ApiClient.connect(server.port);
  await api.login("grid1");
  const { kase } = await makeCase(api, `已被他人受理的案件 ${tag}`);
  api.close();

  const worker = await newPage(browser, { width: 360, height: 640 });
  await login(worker, server, "grid1");
  await worker.goto(server.url + `/#/case/${kase.id}`);
  await worker.getByRole("heading", { name: kase.title }).waitFor();
  // Meanwhile the supervisor accepts it.
  const sup = await ApiClient.connect(server.port);
  await sup.login("supervisor");
  await act(sup, "acceptCase", kase);
  sup.close();

  await worker.getByRole("form", { name: "受理" }).getByRole("button", { name: "受理" }).click();
  await worker.goto(server.url + "/#/outbox");
  const item = worker.locator("li.item[data-status=conflict]");
  await item.waitFor({ timeout: 10000 });
  await item.getByText(/受理 待受理 → 已受理/).waitFor();
  // Redone on the latest version, it is still not allowed: the page says what is.
  await item.getByRole("button", { name: "按最新情况重做" }).click();
  await worker.locator("li.item[data-status=conflict]").getByText(/此操作已不适用；案件现在可以：.*备注/).waitFor({ timeout: 10000 });
  await worker.locator("li.item[data-status=conflict]").getByRole("button", { name: "放弃此操作" }).click();
  await worker.getByText("发件箱是空的").waitFor();

  const check = await ApiClient.connect(server.port);
  await check.login("supervisor");
  assert.equal((await history(check, kase.id)).filter((e) => e.action === 2).length, 1);
  check.close();
  assert.deepEqual(worker.errors, []);
});
