// (4) The supervisor's 督办 board: an extension asked on a phone waits on the board and is
// decided there; a case is urged and taken as leader (包案) from the board, the urge note kept
// while the board redraws for a case reported meanwhile; after the server restarts, the board
// comes back by itself and shows what happened since, without a reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { newPage, login, ApiClient, makeCase, act, history, withServerAndBrowser } from "./support.mjs";

let server;
let browser;
withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

test("urge, take as leader and decide an extension from the board; it resumes after a restart", async () => {
  const tag = crypto.randomUUID().slice(0, 8);
  const worker = await ApiClient.connect(server.port);
  await worker.login("grid1");
  const { kase } = await makeCase(worker, `需要延期的案件 ${tag}`);
  await act(worker, "acceptCase", kase); // its handling clock runs from acceptance
  await act(worker, "requestExtension", kase, { clock: 0, amount: 2n }, "需要协调物业维修基金");
  worker.close();

  const page = await newPage(browser, { width: 1366, height: 768 });
  await login(page, server, "supervisor");
  const waiting = page.locator(".area-extensions li.board-case", { hasText: kase.title });
  await waiting.waitFor();

  await waiting.getByRole("button", { name: "审批延期：批准" }).click();
  await page.locator(".area-extensions").getByText("没有待审批的延期申请").waitFor();

  // A second request puts the case back on the board: urge it, take it as leader and refuse
  // the extension, all from its row.
  const again = await ApiClient.connect(server.port);
  await again.login("grid1");
  await act(again, "requestExtension", kase, { clock: 0, amount: 1n }, "再申请一天");
  again.close();
  const row = page.locator(".area-extensions li.board-case", { hasText: kase.title });
  await row.waitFor();
  await row.locator("summary", { hasText: "督办" }).click();
  await row.getByLabel("督办意见").fill(`请本周内办结 ${tag}`);
  // Meanwhile a case is reported elsewhere: the board draws it, and the urge form being typed in
  // stays open with its text (on a busy board events arrive all the time).
  const elsewhere = await ApiClient.connect(server.port);
  await elsewhere.login("grid1");
  const { kase: meanwhile } = await makeCase(elsewhere, `督办时新上报的案件 ${tag}`);
  elsewhere.close();
  await page.locator(".area-fresh").getByText(meanwhile.title).waitFor();
  assert.equal(await row.getByLabel("督办意见").inputValue(), `请本周内办结 ${tag}`);
  assert.equal(await row.locator("details.urge").evaluate((d) => d.open), true);
  await row.getByRole("button", { name: "督办", exact: true }).click();
  await page.locator(".done-note").getByText(`已完成：督办 ${kase.number}`).waitFor();
  await page.locator(".area-extensions li.board-case", { hasText: kase.title }).getByRole("button", { name: "我来包案" }).click();
  await page.locator(".area-extensions li.board-case", { hasText: kase.title }).getByRole("button", { name: "审批延期：不批准" }).click();
  await page.locator(".area-extensions").getByText("没有待审批的延期申请").waitFor();

  const check = await ApiClient.connect(server.port);
  const me = (await check.login("supervisor")).user;
  const events = await history(check, kase.id);
  assert.equal(events.filter((e) => e.action === 17).length, 2); // two decisions
  assert.equal(events.filter((e) => e.action === 14 && e.reason === `请本周内办结 ${tag}`).length, 1);
  const now = (await check.call("getCase", { caseId: kase.id })).case;
  assert.equal(now.leaderUserId, me.id);
  assert.equal(now.extensionClock, 0);
  check.close();

  // A restart: the board reconnects, subscribes again and shows what happened meanwhile. The
  // page retries with a growing pause (at most 3 s) and then resumes, subscribes and redraws:
  // under load that takes a while, so each of these is waited for as its own condition.
  const status = page.locator(".statusbar .net");
  await server.stop();
  await status.getByText("离线", { exact: true }).waitFor();
  await server.start();
  const later = await ApiClient.connect(server.port);
  await later.login("grid1");
  const { kase: after } = await makeCase(later, `重启后上报的案件 ${tag}`);
  later.close();
  await status.getByText("在线", { exact: true }).waitFor();
  await page.locator(".area-fresh").getByText(after.title).waitFor();
  assert.equal(await page.evaluate(() => performance.getEntriesByType("navigation").length), 1, "no reload");
  // While the server was down the browser may log any failed connection (refused, reset,
  // empty); nothing else may be logged.
  assert.deepEqual(page.errors.filter((e) => !/WebSocket|net::ERR_CONNECTION_|net::ERR_EMPTY_RESPONSE/.test(e)), []);
});

test("the board shows the week ahead as the working calendar counts it", async () => {
  const day = (ms) => new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);
  const api = await ApiClient.connect(server.port);
  await api.login("supervisor");
  const now = Date.now();
  const expected = (await api.call("workingTime", { fromDate: day(now), toDate: day(now + 6 * 86400 * 1000) })).days;
  api.close();
  assert.equal(expected.length, 7);
  const page = await newPage(browser, { width: 1366, height: 768 });
  await login(page, server, "supervisor");
  const week = page.getByRole("list", { name: "未来七天的工作日" });
  await week.locator("li").nth(6).waitFor();
  const shown = await week.locator("li").allTextContents();
  assert.equal(shown.length, 7);
  assert.ok(shown[0].startsWith("今天"), shown[0]);
  for (const [i, d] of expected.entries()) {
    // Each day says in words whether the deadlines count it; colour is not the only cue.
    const words = d.working ? (d.kind === 4 ? "调休上班" : "工作日") : d.name || "休息";
    assert.ok(shown[i].endsWith(words), `${d.date}: ${shown[i]} should end with ${words}`);
    assert.ok(shown[i].includes(`${Number(d.date.slice(5, 7))}/${Number(d.date.slice(8, 10))}`), shown[i]);
  }
  assert.deepEqual(page.errors, []);
});
