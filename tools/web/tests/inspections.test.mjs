// 巡查: an inspection a plan made is due on the grid worker's phone; recorded with a finding
// marked as a hazard, it is done on the server and the hazard became a HAZARD case. The
// responsible party's mobile number is checked as on every form.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { newPage, login, ApiClient, explained, withServerAndBrowser } from "./support.mjs";

let server;
let browser;
withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

test("a planned inspection is recorded on the phone and its hazard becomes a case", async () => {
  const site = `河畔小区东门商铺 ${crypto.randomUUID().slice(0, 6)}`;
  const worker = await ApiClient.connect(server.port);
  const me = (await worker.login("grid1")).user;
  worker.close();
  const sup = await ApiClient.connect(server.port);
  await sup.login("supervisor");
  await sup.call("createInspectionPlan", { requestId: crypto.randomUUID(), siteUnitId: me.scopeUnitId, site, periodDays: 7, inspectorUserId: me.id, firstDueAt: 0n });
  await sup.call("runDuePlans", {});
  sup.close();

  const phone = await newPage(browser, { width: 360, height: 640 });
  await login(phone, server, "grid1");
  await explained("inspections", () => [phone], async () => {
    await phone.goto(server.url + "/#/inspections");
    const item = phone.locator("li.inspection", { hasText: site });
    await item.waitFor();
    await item.getByLabel("巡查情况").fill("门前堆放液化气罐");
    await item.getByRole("button", { name: "添加发现的问题" }).click();
    await item.getByLabel("发现的问题").fill("店内违规存放液化气罐3个");
    await item.getByText("这是安全隐患").click();
    const category = item.getByLabel("隐患分类");
    const first = await category.locator("option").evaluateAll((os) => os.map((o) => o.value).filter(Boolean)[0]);
    await category.selectOption(first);
    await item.getByLabel("责任方名称").fill("东门小吃店");
    await item.getByLabel("责任方手机号").fill("1380013");
    await item.getByRole("button", { name: "记录巡查" }).click();
    await item.getByText("手机号应为 11 位数字，以 1 开头").waitFor();
    await item.getByLabel("责任方手机号").fill("13800138000");
    await item.getByRole("button", { name: "记录巡查" }).click();
    await phone.getByText("无待发送").waitFor({ timeout: 10000 });
    await phone.locator("section", { hasText: "最近完成的巡查" }).getByText(site).waitFor({ timeout: 10000 });
  });

  const check = await ApiClient.connect(server.port);
  await check.login("supervisor");
  const doneList = (await check.call("listInspections", { state: 2 })).inspections.filter((i) => i.site === site);
  assert.equal(doneList.length, 1);
  assert.equal(doneList[0].findings.length, 1);
  const caseId = doneList[0].findings[0].caseId;
  assert.ok(caseId > 0n, "the hazard became a case");
  assert.equal((await check.call("getCase", { caseId })).case.kind, 4); // HAZARD
  check.close();
  assert.deepEqual(phone.errors, []);
});
