// (1) A grid worker on a 360×640 phone logs a case with a photo in short steps; the
// supervisor's board, open in another browser context, shows it within 2 s without a reload.
// The photo reaches the server whole (its SHA-256 checked), and the parties' phone and ID
// numbers are gone from the phone once the server has them.
// Bad input (an empty title, a 20 MB photo, a wrong ID number) is refused next to the field,
// in Chinese, and nothing is half-saved.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { newPage, login, png, ApiClient, casesTitled, withServerAndBrowser } from "./support.mjs";

let server;
let browser;
withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

async function dumpOutbox(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open("gridcase");
        open.onsuccess = () => {
          const q = open.result.transaction("outbox").objectStore("outbox").getAll();
          q.onsuccess = () => resolve(JSON.stringify(q.result, (k, v) => (typeof v === "bigint" ? String(v) : v instanceof Blob ? `blob:${v.size}` : v)));
        };
      }),
  );
}

test("a case logged with a photo on a phone shows on the supervisor's board within 2 s", async () => {
  const board = await newPage(browser, { width: 1366, height: 768 });
  await login(board, server, "supervisor");
  await board.getByRole("heading", { name: "督办看板" }).waitFor();
  await board.getByRole("heading", { name: "新上报（待受理）" }).waitFor();

  const phone = await newPage(browser, { width: 360, height: 640 });
  await login(phone, server, "grid1");
  await phone.goto(server.url + "/#/report");
  const title = `楼道堆放杂物阻塞通道 ${crypto.randomUUID().slice(0, 8)}`;

  // 1 kind and category
  await phone.getByText("第 1 步，共 6 步：类型与分类").waitFor();
  const category = phone.getByLabel("事件分类");
  const options = await category.locator("option").evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  assert.ok(options.length > 0, "the category tree reached the phone");
  await category.selectOption(options[0]);
  await phone.getByLabel("标题").fill(title);
  await phone.getByRole("button", { name: "下一步" }).click();
  // 2 photos: downscaled, hashed, kept with the draft
  await phone.getByText("第 2 步，共 6 步：现场照片").waitFor();
  await phone.locator("input[type=file]").setInputFiles({ name: "现场.png", mimeType: "image/png", buffer: png(2400, 1800) });
  await phone.getByRole("img", { name: "现场照片 1" }).waitFor();
  await phone.getByRole("button", { name: "下一步" }).click();
  // 3 place: the grid from the org tree, and the address
  await phone.getByText("第 3 步，共 6 步：地点").waitFor();
  await phone.getByLabel("详细地址").fill("河畔社区3号楼2单元楼道");
  await phone.getByRole("button", { name: "下一步" }).click();
  // 4 description
  await phone.getByLabel("事件描述").fill("2单元一至三楼楼道堆放纸箱和旧家具，阻塞消防通道。");
  await phone.getByRole("button", { name: "下一步" }).click();
  // 5 parties, checked as typed
  await phone.getByRole("button", { name: "添加当事人" }).click();
  await phone.getByLabel("姓名").fill("王建国");
  await phone.getByLabel("手机号").fill("13800138000");
  await phone.getByLabel("身份证号").fill("11010519491231002X");
  await phone.getByRole("button", { name: "下一步" }).click();
  // 6 check and submit
  await phone.getByText("第 6 步，共 6 步：核对并提交").waitFor();
  await phone.getByRole("button", { name: "提交上报" }).click();

  await phone.locator("li.item[data-status=sent]").waitFor({ timeout: 15000 });
  const sentAt = Date.now();
  await board.getByText(title).waitFor({ timeout: 2000 });
  assert.ok(Date.now() - sentAt <= 2000);
  assert.equal(await board.evaluate(() => performance.getEntriesByType("navigation").length), 1, "no reload");

  // The server has the case and its photo, whole.
  const api = await ApiClient.connect(server.port);
  await api.login("supervisor");
  const found = await casesTitled(api, title);
  assert.equal(found.length, 1);
  const files = (await api.call("listAttachments", { caseId: found[0].id })).attachments;
  assert.equal(files.length, 1);
  assert.equal(files[0].mediaType, "image/jpeg");
  assert.ok(Number(files[0].size) < 2400 * 1800, "downscaled before upload");
  api.close();

  // Nothing of the parties is left on the phone.
  const kept = await dumpOutbox(phone);
  assert.ok(!kept.includes("13800138000") && !kept.includes("11010519491231002X") && !kept.includes("王建国"), kept);
  await phone.getByText("当事人信息已由服务器确认并从本机删除").waitFor();
  // A second report of the same kind of thing at the same place is told about the first one.
  await phone.goto(server.url + "/#/report");
  await phone.getByText("第 1 步，共 6 步").waitFor();
  await phone.getByLabel("事件分类").selectOption(options[0]);
  await phone.getByLabel("标题").fill("楼道又堆满杂物");
  await phone.getByRole("button", { name: "下一步" }).click();
  await phone.getByRole("button", { name: "下一步" }).click();
  await phone.getByLabel("详细地址").fill("河畔社区3号楼2单元楼道");
  await phone.getByRole("button", { name: "下一步" }).click();
  await phone.getByLabel("事件描述").fill("同一处楼道再次堆放杂物");
  await phone.getByRole("button", { name: "下一步" }).click();
  await phone.getByRole("button", { name: "下一步" }).click();
  await phone.getByRole("heading", { name: "可能重复的案件" }).waitFor();
  await phone.locator(".dupes").getByText(title).waitFor();
  // Sent, the server's reply names the first case as a likely duplicate: the confirmation in
  // the outbox lists it, with a link to it and, for a grid worker, 关联 (not 合并).
  await phone.getByRole("button", { name: "提交上报" }).click();
  const second = phone.locator("li.item").nth(1);
  await second.and(phone.locator("[data-status=sent]")).waitFor({ timeout: 15000 });
  const dupes = second.getByRole("region", { name: "可能重复的事件" });
  await dupes.waitFor();
  const link = dupes.getByRole("link", { name: new RegExp(title) });
  assert.match(await link.getAttribute("href"), new RegExp(`^#/case/${found[0].id}$`));
  assert.equal(await dupes.getByRole("button", { name: /^并入/ }).count(), 0, "a grid worker may not merge");
  await dupes.getByRole("button", { name: new RegExp(`^关联到 .*${title}`) }).click();
  await dupes.getByText("已请求关联").waitFor();
  await phone.locator("li.item").nth(2).and(phone.locator("[data-status=sent]")).waitFor({ timeout: 15000 });
  const check = await ApiClient.connect(server.port);
  await check.login("supervisor");
  const again = await casesTitled(check, "楼道又堆满杂物");
  assert.equal(again.length, 1);
  const related = await check.call("getRelatedCases", { caseId: again[0].id });
  assert.deepEqual(related.linked.map((c) => String(c.id)), [String(found[0].id)]);
  check.close();

  assert.deepEqual(phone.errors, []);
  assert.deepEqual(board.errors, []);
  await phone.context().close();
  await board.context().close();
});

async function draftsKept(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open("gridcase");
        open.onsuccess = () => {
          const q = open.result.transaction("drafts").objectStore("drafts").getAll();
          q.onsuccess = () => resolve(q.result.map((d) => ({ requestId: d.requestId, title: d.title, step: d.step, submitted: Boolean(d.submitted) })));
        };
      }),
  );
}

test("two drafts are listed; the second is resumed at its step and sent, the first stays with its own request_id", async () => {
  const tag = crypto.randomUUID().slice(0, 8);
  const first = `草稿甲：井盖松动 ${tag}`;
  const second = `草稿乙：路灯不亮 ${tag}`;
  const phone = await newPage(browser, { width: 360, height: 640 });
  await login(phone, server, "grid1");
  await phone.goto(server.url + "/#/report");
  // No draft yet: straight to step 1.
  await phone.getByText("第 1 步，共 6 步：类型与分类").waitFor();
  const category = phone.getByLabel("事件分类");
  const options = await category.locator("option").evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  await category.selectOption(options[0]);
  await phone.getByLabel("标题").fill(first);
  await phone.getByRole("button", { name: "下一步" }).click();
  await phone.getByText("第 2 步，共 6 步").waitFor();

  // Called away: 事件上报 now lists the draft above 新建上报.
  await phone.goto(server.url + "/#/report");
  await phone.getByRole("heading", { name: "草稿（1 份）" }).waitFor();
  await phone.getByRole("button", { name: "新建上报" }).click();
  await phone.getByText("第 1 步，共 6 步").waitFor();
  await phone.getByLabel("事件分类").selectOption(options[0]);
  await phone.getByLabel("标题").fill(second);
  await phone.getByRole("button", { name: "下一步" }).click();
  await phone.getByRole("button", { name: "下一步" }).click();
  await phone.getByLabel("详细地址").fill("河畔社区9号楼北侧");
  await phone.getByRole("button", { name: "下一步" }).click();
  await phone.getByText("第 4 步，共 6 步").waitFor();

  await phone.goto(server.url + "/#/report");
  await phone.getByRole("heading", { name: "草稿（2 份）" }).waitFor();
  const rows = phone.locator("li.draft");
  assert.equal(await rows.count(), 2);
  await rows.filter({ hasText: first }).getByText("填到第 2/6 步").waitFor();
  await rows.filter({ hasText: second }).getByText("填到第 4/6 步").waitFor();
  const kept = await draftsKept(phone);
  const idOf = (title) => kept.find((d) => d.title === title)?.requestId;
  assert.ok(idOf(first) && idOf(second) && idOf(first) !== idOf(second), JSON.stringify(kept));

  // The second, resumed where it was left.
  await phone.getByRole("button", { name: `继续填写：${second}` }).click();
  await phone.getByText("第 4 步，共 6 步").waitFor();
  await phone.getByLabel("事件描述").fill("北侧路灯连续三晚不亮");
  await phone.getByRole("button", { name: "下一步" }).click();
  await phone.getByRole("button", { name: "下一步" }).click();
  await phone.getByText("第 6 步，共 6 步").waitFor();
  await phone.getByRole("button", { name: "提交上报" }).click();
  await phone.locator("li.item[data-status=sent]").waitFor({ timeout: 15000 });
  const sent = JSON.parse(await dumpOutbox(phone));
  assert.equal(sent.length, 1);
  assert.equal(sent[0].payload.requestId, idOf(second), "the case went with the request_id its draft was made with");

  // Acknowledged: it left the list; the first is still there, with its own request_id.
  await phone.goto(server.url + "/#/report");
  await phone.getByRole("heading", { name: "草稿（1 份）" }).waitFor();
  assert.equal(await rows.count(), 1);
  await rows.filter({ hasText: first }).waitFor();
  assert.deepEqual(await draftsKept(phone), [{ requestId: idOf(first), title: first, step: 1, submitted: false }]);

  // 删除 asks first; 取消 keeps it, 确认删除 removes it.
  await phone.getByRole("button", { name: `删除草稿：${first}` }).click();
  await phone.getByText(`删除草稿“${first}”？删除后无法恢复。`).waitFor();
  await phone.getByRole("button", { name: "取消" }).click();
  assert.equal((await draftsKept(phone)).length, 1);
  await phone.getByRole("button", { name: `删除草稿：${first}` }).click();
  await phone.getByRole("button", { name: "确认删除" }).click();
  await phone.getByText("第 1 步，共 6 步").waitFor();
  assert.deepEqual(await draftsKept(phone), []);

  const api = await ApiClient.connect(server.port);
  await api.login("supervisor");
  assert.equal((await casesTitled(api, second)).length, 1);
  assert.equal((await casesTitled(api, first)).length, 0);
  api.close();
  assert.deepEqual(phone.errors, []);
  await phone.context().close();
});

test("an empty title, a 20 MB photo and a wrong ID number are refused next to the field, and nothing is saved", async () => {
  const phone = await newPage(browser, { width: 360, height: 640 });
  await login(phone, server, "grid2");
  await phone.goto(server.url + "/#/report");
  await phone.getByText("第 1 步，共 6 步：类型与分类").waitFor();

  // Empty title: the message is the title field's own.
  await phone.getByRole("button", { name: "下一步" }).click();
  const titleInput = phone.getByLabel("标题");
  assert.equal(await titleInput.getAttribute("aria-invalid"), "true");
  const titleError = await titleInput.evaluate((el) => document.getElementById(el.id + "-error").textContent);
  assert.equal(titleError, "请填写标题");
  await phone.getByText("第 1 步，共 6 步").waitFor(); // still on step 1

  const category = phone.getByLabel("事件分类");
  const options = await category.locator("option").evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  await category.selectOption(options[0]);
  const title = `不应保存的草稿 ${crypto.randomUUID().slice(0, 8)}`;
  await titleInput.fill(title);
  await phone.getByRole("button", { name: "下一步" }).click();

  // A 20 MB photo.
  await phone.locator("input[type=file]").setInputFiles({ name: "big.jpg", mimeType: "image/jpeg", buffer: Buffer.alloc(20 * 1024 * 1024, 1) });
  const photoError = phone.locator(".field-error").filter({ hasText: "太大" });
  await photoError.waitFor();
  assert.match(await photoError.textContent(), /照片“big\.jpg”太大（20\.0 MB），单张不能超过 10 MB/);
  assert.equal(await phone.locator(".photos img").count(), 0);
  await phone.getByRole("button", { name: "下一步" }).click();
  await phone.getByLabel("详细地址").fill("河畔社区5号楼");
  await phone.getByRole("button", { name: "下一步" }).click();
  await phone.getByLabel("事件描述").fill("描述");
  await phone.getByRole("button", { name: "下一步" }).click();

  // A wrong ID number, told as it is typed.
  await phone.getByRole("button", { name: "添加当事人" }).click();
  await phone.getByLabel("姓名").fill("李四");
  const id = phone.getByLabel("身份证号");
  await id.fill("110105194912310021");
  const idError = await id.evaluate((el) => document.getElementById(el.id + "-error").textContent);
  assert.match(idError, /身份证号不正确/);
  await phone.getByRole("button", { name: "下一步" }).click();
  await phone.getByText("第 5 步，共 6 步").waitFor(); // not past it

  // Nothing went to the outbox or the server.
  await phone.goto(server.url + "/#/outbox");
  await phone.getByText("发件箱是空的").waitFor();
  const api = await ApiClient.connect(server.port);
  await api.login("supervisor");
  assert.equal((await casesTitled(api, title)).length, 0);
  api.close();
  assert.deepEqual(phone.errors, []);
  await phone.context().close();
});
