// 民生项目 in the browser: the supervisor's board lists the demo's projects red first (a
// milestone past its date), with the figures; a project's page shows its budget in 万元, its
// milestones with their colours (on a phone each milestone a block of its own, every value
// with its column's name), its progress and the complaints linked to it, and links another
// complaint by its case number (refused in Chinese next to the field when the number is
// unknown or linked already); a grid worker elsewhere cannot open it.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { newPage, login, explained, ApiClient, makeCase, withServerAndBrowser } from "./support.mjs";

let server;
let browser;
withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

test("the board shows the projects red first; a project's page shows its milestones and complaints", async () => {
  const page = await newPage(browser, { width: 1366, height: 768 });
  await login(page, server, "supervisor");
  const section = page.locator(".area-projects");
  await section.locator("li.project").first().waitFor();
  const rows = section.locator("li.project");
  assert.equal(await rows.count(), 3);
  // Red (a milestone past its date) first, then yellow; the finished ramp is green.
  assert.match(await rows.nth(0).innerText(), /北岸华庭二期供热管网改造[\s\S]*节点逾期/);
  assert.match(await rows.nth(1).innerText(), /沈铁四个小区自来水分水阀改造[\s\S]*临近节点/);
  assert.match(await rows.nth(2).innerText(), /地王花园辽河大坝坡道改造[\s\S]*已竣工/);
  await section.getByText("共 3 个：按期推进 1，滞后 1，已竣工 1").waitFor();

  await rows.nth(0).getByRole("link", { name: "北岸华庭二期供热管网改造" }).click();
  await page.getByRole("heading", { level: 1, name: "北岸华庭二期供热管网改造" }).waitFor();
  await page.locator(".project-facts").getByText("预算 320万元", { exact: false }).waitFor(); // 3,200,000 yuan
  const overdue = page.locator("table.milestones tr", { hasText: "管网铺设完成" });
  await overdue.getByText("节点逾期").waitFor();
  await page.locator("table.milestones tr", { hasText: "设计及招标完成" }).getByText("按期完成").waitFor();
  await page.getByText("北岸华庭二期（").waitFor();
  await page.getByText("主管网已开挖铺设约六成").waitFor();
  // 富力新城's heating complaints are linked to the heating renewal.
  const complaints = page.locator("section", { has: page.getByRole("heading", { name: "关联投诉" }) }).locator("li");
  assert.ok((await complaints.count()) >= 2);
  assert.match(await complaints.first().innerText(), /暖气/);
  assert.deepEqual(page.errors, []);

  // grid2 (河畔社区第二网格) sees none of the demo's projects.
  const api = await ApiClient.connect(server.port);
  await api.login("supervisor");
  const heating = (await api.call("listProjects", {})).projects.find((p) => p.name === "北岸华庭二期供热管网改造");
  api.close();
  const other = await newPage(browser);
  await login(other, server, "grid2");
  await other.goto(`${server.url}/#/project/${heating.id}`);
  await other.getByRole("alert").getByText("未找到该民生项目或无权查看", { exact: false }).waitFor();
});

test("a complaint is linked to a project by its case number; an unknown or repeated one is refused next to the field", async () => {
  const tag = crypto.randomUUID().slice(0, 8);
  const api = await ApiClient.connect(server.port);
  await api.login("supervisor");
  const heating = (await api.call("listProjects", {})).projects.find((p) => p.name === "北岸华庭二期供热管网改造");
  const before = (await api.call("getProject", { projectId: heating.id })).project.complaints.map((c) => c.caseId);
  const worker = await ApiClient.connect(server.port);
  await worker.login("grid1");
  const { kase } = await makeCase(worker, `暖气管道噪声投诉 ${tag}`);
  worker.close();

  const page = await newPage(browser, { width: 1366, height: 900 });
  await login(page, server, "supervisor");
  await explained("project-link", () => [page], async () => {
    await page.goto(`${server.url}/#/project/${heating.id}`);
    const form = page.locator("form.project-link");
    const number = form.getByLabel("投诉案件编号");
    await number.waitFor();
    await form.getByRole("button", { name: "关联投诉" }).click();
    await form.getByText("请填写要关联的投诉案件编号").waitFor();
    await number.fill("XC-1999-999999");
    await form.getByRole("button", { name: "关联投诉" }).click();
    await form.getByText("未找到该案件或无权查看").waitFor();
    assert.equal(await number.inputValue(), "XC-1999-999999");

    await number.fill(kase.number);
    await form.getByRole("button", { name: "关联投诉" }).click();
    await form.getByText(`已关联：${kase.number} ${kase.title}`).waitFor();
    const complaints = page.locator("section", { has: page.getByRole("heading", { name: "关联投诉" }) }).locator("ul.cases li");
    await complaints.filter({ hasText: kase.title }).waitFor();
    assert.equal(await complaints.count(), before.length + 1);
    const after = (await api.call("getProject", { projectId: heating.id })).project.complaints.map((c) => c.caseId);
    assert.deepEqual(after.sort(), [...before, kase.id].sort());

    // The same number again: refused, typed text kept, nothing changed.
    await number.fill(kase.number);
    await form.getByRole("button", { name: "关联投诉" }).click();
    await form.getByText("该投诉已关联到本项目").waitFor();
    assert.equal(await number.inputValue(), kase.number);
    assert.equal((await api.call("getProject", { projectId: heating.id })).project.complaints.length, before.length + 1);
    assert.deepEqual(page.errors, []);
  });

  // On a phone the milestones are readable: nothing wider than the screen, each value under its
  // milestone's name with its column's name before it.
  const phone = await newPage(browser, { width: 390, height: 844 });
  await login(phone, server, "supervisor");
  await explained("project-phone", () => [phone], async () => {
    await phone.goto(`${server.url}/#/project/${heating.id}`);
    const row = phone.locator("table.milestones tbody tr", { hasText: "管网铺设完成" });
    await row.waitFor();
    assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no sideways scrolling");
    const layout = await row.evaluate((tr) => {
      const name = tr.querySelector("th").getBoundingClientRect();
      return [...tr.querySelectorAll("td")].map((td) => {
        const box = td.getBoundingClientRect();
        return { label: getComputedStyle(td, "::before").content, below: box.top >= name.bottom - 1, left: box.left, right: box.right, text: td.innerText.trim() };
      });
    });
    assert.deepEqual(layout.map((c) => c.label), ['"计划日期"', '"到期日（工作日）"', '"实际日期"', '"状态"']);
    for (const cell of layout) {
      assert.ok(cell.below, `${cell.label} ${cell.text} is under the milestone's name`);
      assert.ok(cell.right <= 390, `${cell.label} fits the screen`);
    }
    // One above the other, not side by side.
    assert.ok(layout.every((c, i) => i === 0 || c.left === layout[0].left), JSON.stringify(layout));
    assert.deepEqual(phone.errors, []);
  });
  api.close();
});
