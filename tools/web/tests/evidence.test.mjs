// Required evidence before resolving: for a category that asks for it, the case page says so,
// refuses to resolve (next to the field) until a photo is there, uploads a photo to the case
// through the outbox, and then resolves.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { newPage, login, png, ApiClient, makeCase, act, withServerAndBrowser } from "./support.mjs";

let server;
let browser;
withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

test("a case whose category needs evidence is resolved only after a photo is uploaded", async () => {
  const tag = crypto.randomUUID().slice(0, 8);
  const api = await ApiClient.connect(server.port);
  await api.login("grid1");
  const { kase, me } = await makeCase(api, `需要办结照片的案件 ${tag}`);
  await act(api, "acceptCase", kase);
  await act(api, "dispatchCase", kase, { unitId: kase.handlingUnitId, assigneeUserId: me.id });
  api.close();
  const admin = await ApiClient.connect(server.port);
  await admin.login("admin");
  await admin.call("setCategoryEvidence", { categoryCode: kase.categoryCode, required: true });
  admin.close();

  const phone = await newPage(browser, { width: 360, height: 640 });
  await login(phone, server, "grid1");
  await phone.goto(server.url + `/#/case/${kase.id}`);
  await phone.getByText("此类案件办结前须上传现场照片（办结照片）。").waitFor();
  await phone.getByText("已有 0 个附件。").waitFor();

  const resolve = phone.getByRole("form", { name: "办结" });
  await resolve.getByLabel("办结情况").fill(`已修复 ${tag}`);
  await resolve.getByRole("button", { name: "办结" }).click();
  await resolve.getByText("请先上传现场照片，再办结").waitFor();
  assert.equal(await phone.locator("li.item").count(), 0);

  await phone.getByLabel("上传现场照片").setInputFiles({ name: "修复后.png", mimeType: "image/png", buffer: png(800, 600, [40, 120, 60]) });
  await phone.getByText("已有 1 个附件。").waitFor({ timeout: 10000 });
  const again = phone.getByRole("form", { name: "办结" });
  await again.getByLabel("办结情况").fill(`已修复 ${tag}`);
  await again.getByRole("button", { name: "办结" }).click();
  await phone.goto(server.url + "/#/outbox");
  await phone.locator("li.item[data-status=sent]").nth(1).waitFor({ timeout: 10000 });

  const check = await ApiClient.connect(server.port);
  await check.login("supervisor");
  assert.equal((await check.call("getCase", { caseId: kase.id })).case.state, 4); // RESOLVED
  assert.equal((await check.call("listAttachments", { caseId: kase.id })).attachments.length, 1);
  check.close();
  assert.deepEqual(phone.errors, []);
});
