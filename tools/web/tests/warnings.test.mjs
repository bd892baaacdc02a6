// 预警 on the supervisor's board: a repeat-contact warning raised by cases written through the
// API (one person, three contacts in grid1's grid) appears on the open board by itself, the
// person masked; it is acknowledged and dismissed with a reason (refused next to the field
// without one); a second one, acknowledged elsewhere while the board still shows it open, is
// refused as stale in Chinese with the typed case number kept, then linked to that case; a
// third becomes a case. After each step the API lists what the board showed. A grid worker
// opening the board is told in Chinese that the warnings are not for their role.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { newPage, login, explained, ApiClient, makeCase, withServerAndBrowser } from "./support.mjs";

let server;
let browser;
withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

const State = { OPEN: 1, ACKNOWLEDGED: 2, CASE_MADE: 3, LINKED: 4, DISMISSED: 5 };

// Three contacts from the person reachable at `phone`, each about another category at another
// address (so that only the person's count reaches a threshold).
async function threeContacts(api, phone, leaves, first) {
  const me = (await api.call("resume", { token: api.token })).user;
  for (let i = 0; i < 3; i++) {
    await api.call("createCase", {
      requestId: crypto.randomUUID(),
      kind: 5,
      categoryCode: leaves[(first + i) % leaves.length].code,
      channel: 1,
      title: `反复反映的问题 ${phone.slice(-4)}-${i + 1}`,
      description: "由测试通过接口登记",
      location: { unitId: me.scopeUnitId, address: `预警测试路${phone.slice(-4)}-${i + 1}号` },
      priority: 2,
      parties: [{ name: "赵六", phone, role: 3 }],
    });
  }
}

async function warningAbout(api, masked) {
  const all = (await api.call("listWarnings", { pageSize: 500 })).warnings;
  const found = all.filter((w) => w.kind === 1 && w.subject.includes(masked));
  assert.equal(found.length, 1, `one repeat-contact warning about ${masked}: ${JSON.stringify(found.map((w) => w.subject))}`);
  return found[0];
}

test("a warning raised through the API appears on the board live and is handled there as the API then lists it", async () => {
  const tag = String(crypto.randomInt(100, 1000));
  // Masked, a mobile number keeps its first three and last four digits: those differ.
  const phones = [0, 1, 2].map((i) => `1370000${tag}${i}`);
  const masked = phones.map((p) => `137****${p.slice(-4)}`);
  const worker = await ApiClient.connect(server.port);
  await worker.login("grid1");
  const leaves = (await worker.call("listCategories", { kind: 5 })).categories.filter((c) => c.leaf);
  assert.ok(leaves.length >= 3);
  const other = await ApiClient.connect(server.port);
  await other.login("supervisor");

  const page = await newPage(browser, { width: 1366, height: 900 });
  await login(page, server, "supervisor");
  await explained("warnings", () => [page], async () => {
    const section = page.getByRole("region", { name: "预警", exact: true });
    // The list has been read once: the board is subscribed by then.
    await section.locator(".warning-summary").filter({ hasText: /条|没有/ }).waitFor();

    // (1) Three contacts raise a warning: it arrives without a reload, the person masked.
    await threeContacts(worker, phones[0], leaves, 0);
    const a = section.locator("li.warning", { hasText: masked[0] });
    await a.waitFor();
    await section.getByText(`新预警：【重复来访来电】`, { exact: false }).waitFor();
    const text = await a.innerText();
    assert.match(text, /待处置/);
    assert.match(text, /【重复来访来电】/);
    assert.match(text, /30天内 3 件，阈值 3 件/);
    assert.match(text, /预警时间 \d{4}\/\d{2}\/\d{2}/);
    assert.ok(!text.includes(phones[0]), "the phone number is shown masked");
    assert.equal(await page.evaluate(() => performance.getEntriesByType("navigation").length), 1, "no reload");
    const wa = await warningAbout(other, masked[0]);
    assert.equal(wa.state, State.OPEN);

    // (2) 知悉, then 排除: refused without a reason, next to the field, and nothing sent.
    await a.getByRole("button", { name: "知悉", exact: true }).click();
    await a.locator(".chip", { hasText: "已知悉" }).waitFor();
    assert.equal((await warningAbout(other, masked[0])).state, State.ACKNOWLEDGED);
    assert.equal(await a.getByRole("button", { name: "知悉", exact: true }).count(), 0);
    await a.locator("summary", { hasText: "排除" }).click();
    await a.getByRole("button", { name: "确认排除" }).click();
    await a.getByText("排除预警须填写理由").waitFor();
    assert.equal((await warningAbout(other, masked[0])).state, State.ACKNOWLEDGED);
    const reason = `已上门核实，系同一路段施工所致 ${tag}`;
    await a.getByLabel("排除理由").fill(reason);
    await a.getByRole("button", { name: "确认排除" }).click();
    await section.getByText(`已完成：排除 预警 #${wa.id}`).waitFor();
    await a.waitFor({ state: "detached" });
    const dismissed = await warningAbout(other, masked[0]);
    assert.equal(dismissed.state, State.DISMISSED);
    assert.deepEqual(dismissed.steps.map((s) => s.action), [1, 2, 5]);
    assert.equal(dismissed.steps.at(-1).reason, reason);

    // (3) Acknowledged elsewhere while the board shows it open: linking it is refused as stale,
    // in Chinese; the row shows the warning as it now is and keeps the typed number.
    const { kase: target } = await makeCase(worker, `预警关联目标 ${tag}`);
    await threeContacts(worker, phones[1], leaves, 3);
    const b = section.locator("li.warning", { hasText: masked[1] });
    await b.locator(".chip", { hasText: "待处置" }).waitFor();
    // The board has drawn the three cases and read the warnings since: it shows version 1.
    await page.locator(".area-fresh").getByText(`反复反映的问题 ${phones[1].slice(-4)}-3`).waitFor();
    await page.locator(".area-warnings:not([aria-busy])").waitFor();
    const wb = await warningAbout(other, masked[1]);
    await b.locator("summary", { hasText: "关联案件" }).click();
    await b.getByLabel("案件编号").fill(target.number);
    await other.call("handleWarning", { requestId: crypto.randomUUID(), warningId: wb.id, expectedVersion: wb.version, action: 2 });
    await b.getByRole("button", { name: "确认关联" }).click();
    await b.getByText("该预警已被他人处置或更新，已刷新为最新状态；您填写的内容已保留，请核对后重试").waitFor();
    await b.locator(".chip", { hasText: "已知悉" }).waitFor();
    assert.equal(await b.getByLabel("案件编号").inputValue(), target.number);
    assert.equal((await warningAbout(other, masked[1])).state, State.ACKNOWLEDGED);
    await b.getByRole("button", { name: "确认关联" }).click();
    await section.getByText(`已完成：关联案件 预警 #${wb.id} → ${target.number}`).waitFor();
    await b.waitFor({ state: "detached" });
    const linked = await warningAbout(other, masked[1]);
    assert.equal(linked.state, State.LINKED);
    assert.equal(linked.caseId, target.id);

    // An unknown case number is refused next to the field; the warning stays as it was.
    await threeContacts(worker, phones[2], leaves, 6);
    const c = section.locator("li.warning", { hasText: masked[2] });
    await c.waitFor();
    await c.locator("summary", { hasText: "关联案件" }).click();
    await c.getByLabel("案件编号").fill("XC-1999-999999");
    await c.getByRole("button", { name: "确认关联" }).click();
    await c.getByText("未找到该案件或无权查看").waitFor();
    assert.equal((await warningAbout(other, masked[2])).state, State.OPEN);

    // (4) 转为案件: the new case is named, and the API lists the warning with it.
    await c.locator("summary", { hasText: "转为案件" }).click();
    await c.getByLabel("补充说明（可不填，写入案件描述）").fill(`请网格员上门了解诉求 ${tag}`);
    await c.getByRole("button", { name: "确认转为案件" }).click();
    const done = section.locator(".done-note", { hasText: `已完成：转为案件 预警 #` });
    await done.waitFor();
    await c.waitFor({ state: "detached" });
    const made = await warningAbout(other, masked[2]);
    assert.equal(made.state, State.CASE_MADE);
    const kase = (await other.call("getCase", { caseId: made.caseId })).case;
    assert.ok((await done.innerText()).includes(kase.number), await done.innerText());
    assert.ok(kase.description.includes(`请网格员上门了解诉求 ${tag}`), kase.description);
    assert.deepEqual(page.errors, []);
  });

  // A grid worker has no warnings to handle: the board says so in Chinese.
  const phone = await newPage(browser, { width: 390, height: 844 });
  await login(phone, server, "grid1");
  await explained("warnings-grid-worker", () => [phone], async () => {
    await phone.goto(server.url + "/#/board");
    await phone.getByRole("region", { name: "预警", exact: true }).getByText("无法读取预警：您的角色无权进行此操作").waitFor();
  });
  worker.close();
  other.close();
});
