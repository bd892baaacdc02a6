// Required evidence before resolving: for a category that asks for it, the case page says so,
// refuses to resolve (next to the field) until a photo is there, uploads a photo to the case
// through the outbox, and then resolves.
// Before and after (处置前 / 处置后): the photo taken at report and the one the handler adds
// while resolving are shown apart, each a labelled thumbnail.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { newPage, login, png, ApiClient, makeCase, act, withServerAndBrowser } from "./support.mjs";

let server;
let browser;
withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

// A case of `user`'s, accepted and dispatched to them, whose category then requires evidence;
// `first` runs on it before it is accepted (a report photo, say) and its answer is returned.
async function evidenceCase(user, title, first = async () => null) {
  const api = await ApiClient.connect(server.port);
  await api.login(user);
  const { kase, me } = await makeCase(api, title);
  const done = await first(api, kase);
  await act(api, "acceptCase", kase);
  await act(api, "dispatchCase", kase, { unitId: kase.handlingUnitId, assigneeUserId: me.id });
  api.close();
  const admin = await ApiClient.connect(server.port);
  await admin.login("admin");
  await admin.call("setCategoryEvidence", { categoryCode: kase.categoryCode, required: true });
  admin.close();
  return { kase, first: done };
}

test("a case whose category needs evidence is resolved only after a photo is uploaded", async () => {
  const tag = crypto.randomUUID().slice(0, 8);
  const { kase } = await evidenceCase("grid1", `需要办结照片的案件 ${tag}`);

  const phone = await newPage(browser, { width: 360, height: 640 });
  await login(phone, server, "grid1");
  await phone.goto(server.url + `/#/case/${kase.id}`);
  await phone.getByText("此类案件办结前须上传现场照片（办结照片）。").waitFor();
  await phone.getByText("已有 0 个附件。").waitFor();

  const resolve = phone.getByRole("form", { name: "办结" });
  await resolve.getByLabel("办结情况").fill(`已修复 ${tag}`);
  await resolve.getByRole("button", { name: "办结" }).click();
  await resolve.getByText("请先拍摄或选择处置后照片，再办结").waitFor();
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

// Uploads `bytes` to a case through the API, as the phone's outbox does.
async function upload(api, caseId, name, bytes) {
  const started = await api.call("beginUpload", {
    requestId: crypto.randomUUID(),
    caseId,
    size: BigInt(bytes.length),
    mediaType: "image/png",
    sha256: crypto.createHash("sha256").update(bytes).digest("hex"),
    fileName: name,
  });
  await api.call("uploadChunk", { uploadId: started.uploadId, offset: 0n, data: bytes });
  return (await api.call("finishUpload", { uploadId: started.uploadId })).attachment;
}

test("the report photo shows as 处置前, and the resolve form takes the 处置后 photo right there", async () => {
  const tag = crypto.randomUUID().slice(0, 8);
  const { kase, first: before } = await evidenceCase("grid2", `井盖破损 ${tag}`, (api, k) =>
    upload(api, k.id, "上报时.png", png(320, 240, [200, 60, 40])),
  );

  const phone = await newPage(browser, { width: 360, height: 640 });
  await login(phone, server, "grid2");
  await phone.goto(server.url + `/#/case/${kase.id}`);
  const beforeGroup = phone.getByRole("region", { name: "处置前照片（上报时，1 张）" });
  const afterGroup = phone.getByRole("region", { name: "处置后照片（办理中添加，0 张）" });
  await beforeGroup.waitFor();
  await afterGroup.getByText("暂无").waitFor();
  // The thumbnail is the report photo's own bytes, read from the server.
  const thumb = beforeGroup.getByRole("img", { name: "处置前照片 1" });
  await phone.waitForFunction((el) => el.complete && el.naturalWidth === 320, await thumb.elementHandle());
  assert.equal(await thumb.getAttribute("data-attachment"), String(before.id));

  // A report photo is not evidence of the result: the resolve form asks for the after photo.
  const resolve = phone.getByRole("form", { name: "办结" });
  await resolve.getByLabel("办结情况").fill(`已更换井盖 ${tag}`);
  await resolve.getByRole("button", { name: "办结" }).click();
  const afterField = resolve.getByLabel("处置后照片");
  assert.equal(await afterField.getAttribute("aria-invalid"), "true");
  assert.equal(await afterField.evaluate((el) => document.getElementById(el.id + "-error").textContent), "请先拍摄或选择处置后照片，再办结");
  assert.equal(await phone.locator("li.item").count(), 0);

  await afterField.setInputFiles({ name: "处置后.png", mimeType: "image/png", buffer: png(640, 480, [40, 120, 60]) });
  await resolve.getByRole("img", { name: "待上传的处置后照片 1" }).waitFor();
  await resolve.getByRole("button", { name: "办结" }).click();
  await phone.goto(server.url + "/#/outbox");
  // The photo first, then the resolve, which expects the version the upload made.
  await phone.locator("li.item[data-status=sent]").nth(1).waitFor({ timeout: 10000 });
  assert.equal(await phone.locator("li.item[data-status=sent]").count(), 2);

  const check = await ApiClient.connect(server.port);
  await check.login("supervisor");
  assert.equal((await check.call("getCase", { caseId: kase.id })).case.state, 4); // RESOLVED
  assert.equal((await check.call("listAttachments", { caseId: kase.id })).attachments.length, 2);
  check.close();

  await phone.goto(server.url + `/#/case/${kase.id}`);
  await phone.getByRole("region", { name: "处置前照片（上报时，1 张）" }).waitFor();
  const afterNow = phone.getByRole("region", { name: "处置后照片（办理中添加，1 张）" });
  const afterThumb = afterNow.getByRole("img", { name: "处置后照片 1" });
  await phone.waitForFunction((el) => el.complete && el.naturalWidth === 640, await afterThumb.elementHandle());
  assert.deepEqual(phone.errors, []);
  await phone.context().close();
});
