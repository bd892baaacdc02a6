// (2) Offline: with the application open on a phone, the server stops; the application still
// loads (service worker) and the grid worker takes three actions, which wait in the outbox.
// The server starts again on the same address: the outbox drains in order by itself, and the
// API's events show each action applied exactly once.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { newPage, login, ApiClient, makeCase, history, casesTitled, explained, withServerAndBrowser } from "./support.mjs";

let server;
let browser;
withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

test("three actions taken while the server is down are each applied once when it is back", async () => {
  const tag = crypto.randomUUID().slice(0, 8);
  const api = await ApiClient.connect(server.port);
  await api.login("grid1");
  const { kase: toComment } = await makeCase(api, `需要补充说明的案件 ${tag}`);
  const { kase: toAccept } = await makeCase(api, `等待受理的案件 ${tag}`);
  // A lamp already reported at the place the phone will report from offline.
  const { kase: lampBefore } = await makeCase(api, `7号楼路灯不亮 ${tag}`, { address: "河畔社区7号楼" });
  api.close();

  const phone = await newPage(browser, { width: 360, height: 640 });
  await explained("offline", () => [phone], async () => {
    await login(phone, server, "grid1");
    await phone.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    // Visit what will be needed offline, so the phone keeps it.
    await phone.goto(server.url + "/#/todo");
    await phone.getByText(toAccept.title).waitFor();
    await phone.goto(server.url + `/#/case/${toComment.id}`);
    await phone.getByRole("heading", { name: toComment.title }).waitFor();
    await phone.goto(server.url + `/#/case/${toAccept.id}`);
    await phone.getByRole("heading", { name: toAccept.title }).waitFor();
    await phone.goto(server.url + "/#/report");
    await phone.getByText("第 1 步，共 6 步").waitFor();

    await server.stop();
    await phone.getByText("离线", { exact: true }).waitFor();
    // The application loads without the server.
    await phone.reload();
    await phone.getByText("离线", { exact: true }).waitFor();

    // 1: a comment on one case.
    await phone.goto(server.url + `/#/case/${toComment.id}`);
    await phone.getByRole("heading", { name: toComment.title }).waitFor();
    const commentForm = phone.getByRole("form", { name: "备注" });
    await commentForm.getByLabel("说明").fill(`已电话联系反映人 ${tag}`);
    await commentForm.getByRole("button", { name: "备注" }).click();
    // 2: accepting another.
    await phone.goto(server.url + `/#/case/${toAccept.id}`);
    await phone.getByRole("heading", { name: toAccept.title }).waitFor();
    await phone.getByRole("form", { name: "受理" }).getByRole("button", { name: "受理" }).click();
    // 3: a new case, from the categories and org tree kept on the phone.
    const title = `离线上报的事件 ${tag}`;
    await phone.goto(server.url + "/#/report");
    await phone.getByText("第 1 步，共 6 步").waitFor();
    const category = phone.getByLabel("事件分类");
    const options = await category.locator("option").evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
    await category.selectOption(options[0]);
    await phone.getByLabel("标题").fill(title);
    await phone.getByRole("button", { name: "下一步" }).click();
    await phone.getByRole("button", { name: "下一步" }).click();
    await phone.getByLabel("详细地址").fill("河畔社区7号楼");
    await phone.getByRole("button", { name: "下一步" }).click();
    await phone.getByLabel("事件描述").fill("路灯不亮");
    await phone.getByRole("button", { name: "下一步" }).click();
    await phone.getByRole("button", { name: "下一步" }).click();
    await phone.getByRole("button", { name: "提交上报" }).click();

    await phone.getByText("待发送 3 项").waitFor();
    assert.equal(await phone.locator("li.item[data-status=waiting]").count(), 3);

    await server.start();
    await phone.getByText("在线", { exact: true }).waitFor({ timeout: 15000 });
    await phone.getByText("无待发送").waitFor({ timeout: 15000 });
    assert.equal(await phone.locator("li.item[data-status=sent]").count(), 3);
    // The report, sent later from the outbox, is told about the case it likely repeats.
    const dupes = phone.locator("li.item").nth(2).getByRole("region", { name: "可能重复的事件" });
    await dupes.getByRole("link", { name: new RegExp(lampBefore.title) }).waitFor();

    const check = await ApiClient.connect(server.port);
    await check.login("supervisor");
    const comments = (await history(check, toComment.id)).filter((e) => e.action === 13 && e.reason === `已电话联系反映人 ${tag}`);
    assert.equal(comments.length, 1);
    const accepts = (await history(check, toAccept.id)).filter((e) => e.action === 2);
    assert.equal(accepts.length, 1);
    assert.equal((await casesTitled(check, title)).length, 1);
    // In the order they were taken.
    assert.ok(comments[0].seq < accepts[0].seq);
    check.close();
    // With the server gone, the browser itself reports the refused connections (the socket's
    // retries, the service worker's update check); nothing else may appear.
    assert.deepEqual(phone.errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource|Failed to fetch|ServiceWorker|fetching the script/.test(e)), []);
    await phone.context().close();
  });
});
