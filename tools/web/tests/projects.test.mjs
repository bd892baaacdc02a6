// 民生项目 in the browser: the supervisor's board lists the demo's projects red first (a
// milestone past its date), with the figures; a project's page shows its milestones with their
// colours, its progress and the complaints linked to it; a grid worker elsewhere cannot open it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { newPage, login, ApiClient, withServerAndBrowser } from "./support.mjs";

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
