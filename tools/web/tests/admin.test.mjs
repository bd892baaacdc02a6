// (6) An admin previews a year of the working calendar month by month and loads it; a wrong
// line is pointed out before anything is saved. Also users: an admin creates a grid worker, who
// can then log in, and disables them, after which they cannot.
import { test } from "node:test";
import assert from "node:assert/strict";
import { newPage, login, ApiClient, explained, withServerAndBrowser } from "./support.mjs";

let server;
let browser;
withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

// 2027-01-01 is a Friday. January: 21 weekdays, one of them a holiday → 20 working days.
// February starts on a Monday: 20 weekdays, 8-12 off, Saturday the 13th worked → 16.
const YEAR_2027 = `# 测试用的 2027 年安排
year 2027
holiday 2027-01-01..2027-01-03 元旦
holiday 2027-02-06..2027-02-12 春节
workday 2027-02-13 春节调休
`;

test("an admin previews a year of the working calendar month by month, then loads it", async () => {
  const page = await newPage(browser, { width: 1366, height: 768 });
  await login(page, server, "admin");
  await explained("admin-calendar", () => [page], async () => {
    await page.getByRole("heading", { name: "系统管理" }).waitFor();
    const text = page.getByLabel("国务院节假日安排（文本）");
    await text.fill("year 2027\nholiday 2027-13-01 错误的日期\n");
    await page.getByRole("button", { name: "预览" }).click();
    const error = await text.evaluate((el) => document.getElementById(el.id + "-error").textContent);
    assert.equal(error, "第 2 行：日期不正确");
    assert.equal(await page.getByRole("button", { name: "保存这一年" }).isDisabled(), true);

    await text.fill(YEAR_2027);
    await page.getByRole("button", { name: "预览" }).click();
    await page.getByText("1 月：20 个工作日").waitFor();
    await page.getByText("2 月：16 个工作日").waitFor();
    await page.getByText("12 月：23 个工作日").waitFor();
    const before = await ApiClient.connect(server.port);
    await before.login("admin");
    assert.ok(!(await before.call("getCalendar", {})).years.includes(2027), "nothing saved by a preview");
    before.close();

    await page.getByRole("button", { name: "保存这一年" }).click();
    await page.getByText("2027 年工作日历已保存").waitFor();
    await page.getByText(/已载入的年份：.*2027/).waitFor();
  });
  const check = await ApiClient.connect(server.port);
  await check.login("admin");
  assert.ok((await check.call("getCalendar", {})).years.includes(2027));
  check.close();
  assert.deepEqual(page.errors, []);
});

test("an admin creates a user who can then log in, and disables them", async () => {
  const page = await newPage(browser, { width: 1366, height: 768 });
  await login(page, server, "admin");
  await explained("admin-users", () => [page], async () => {
    const form = page.getByRole("form", { name: "新建用户" });
    await form.getByLabel("用户名").fill("grid9");
    await form.getByLabel("姓名").fill("钱九");
    await form.getByLabel("密码").fill("secret-9999");
    await form.getByLabel("角色").selectOption({ label: "网格员" });
    const scope = form.getByLabel("管辖范围");
    const grid = await scope.locator("option").evaluateAll((os) => os.find((o) => o.textContent.includes("网格"))?.value);
    await scope.selectOption(grid);
    await form.getByRole("button", { name: "新建用户" }).click();
    await page.getByRole("row", { name: /grid9/ }).waitFor();

    const api = await ApiClient.connect(server.port);
    const reply = await api.call("login", { username: "grid9", password: "secret-9999" });
    assert.equal(reply.user.displayName, "钱九");
    api.close();

    await page.getByRole("button", { name: "停用 grid9" }).click();
    await page.getByRole("button", { name: "启用 grid9" }).waitFor();
    const again = await ApiClient.connect(server.port);
    await assert.rejects(again.call("login", { username: "grid9", password: "secret-9999" }));
    again.close();
  });
  assert.deepEqual(page.errors, []);
});
