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

test("an admin adds a grid to a community, renames it, retires it, and changes a user", async () => {
  const page = await newPage(browser, { width: 1366, height: 768 });
  page.on("dialog", (d) => d.accept());
  await login(page, server, "admin");
  const api = await ApiClient.connect(server.port);
  await api.login("admin");
  const community = (await api.call("getOrgTree", {})).units.find((u) => u.type === 3 && !u.retired);
  await explained("admin-tree", () => [page], async () => {
    const create = page.getByRole("form", { name: "新建组织单元" });
    await create.getByLabel("上级单元").selectOption(String(community.id));
    await create.getByLabel("类型").selectOption({ label: "网格" });
    await create.getByLabel("代码").fill("GRID-T1");
    await create.getByLabel("名称").fill("测试第九网格");
    await create.getByRole("button", { name: "新建组织单元" }).click();
    await page.getByText("测试第九网格（网格，GRID-T1）").waitFor();
    const made = (await api.call("getOrgTree", {})).units.find((u) => u.code === "GRID-T1");
    assert.equal(String(made.parentId), String(community.id));

    // A sub-district without a case number prefix is refused before it is sent.
    await create.getByLabel("类型").selectOption({ label: "街道" });
    await create.getByLabel("代码").fill("SUB-T1");
    await create.getByLabel("名称").fill("测试街道");
    await create.getByRole("button", { name: "新建组织单元" }).click();
    await create.getByText("街道须填写 1 到 8 个大写字母，如 XC").first().waitFor();
    assert.ok(!(await api.call("getOrgTree", {})).units.some((u) => u.code === "SUB-T1"));

    const edit = page.getByRole("form", { name: "修改组织单元" });
    await edit.getByLabel("要修改的单元").selectOption(String(made.id));
    await edit.getByRole("button", { name: "保存" }).click();
    await edit.getByText("请填写新名称或选择新的上级单元").waitFor();
    await edit.getByLabel("新名称").fill("测试第十网格");
    await edit.getByRole("button", { name: "保存" }).click();
    await page.getByText("测试第十网格（网格，GRID-T1）").waitFor();
    await edit.getByLabel("要修改的单元").selectOption(String(made.id));
    await edit.getByRole("button", { name: "撤销该单元" }).click();
    await page.getByText("测试第十网格（网格，GRID-T1） （已撤销）").waitFor();
    assert.equal((await api.call("getOrgTree", { includeRetired: true })).units.find((u) => u.code === "GRID-T1").retired, true);
    // A retired unit is no longer offered as a parent or a scope.
    assert.equal(await create.getByLabel("上级单元").locator(`option[value="${made.id}"]`).count(), 0);
  });

  await explained("admin-user-edit", () => [page], async () => {
    const users = (await api.call("listUsers", {})).users;
    const grid = users.find((u) => u.role === 1 && !u.disabled);
    const form = page.getByRole("form", { name: "修改用户" });
    await form.getByLabel("用户名").selectOption(String(grid.id));
    await form.getByLabel("角色").selectOption({ label: "受理员" });
    await form.getByLabel("姓名").fill("改名后的用户");
    await form.getByLabel("重置密码").fill("short");
    await form.getByRole("button", { name: "保存修改" }).click();
    await form.getByText("至少 8 位").first().waitFor();
    assert.equal((await api.call("listUsers", {})).users.find((u) => u.id === grid.id).role, 1, "nothing sent while the form is wrong");
    await form.getByLabel("重置密码").fill("reset-pass-2027");
    await form.getByRole("button", { name: "保存修改" }).click();
    await page.getByRole("row", { name: /改名后的用户/ }).waitFor();
    const changed = (await api.call("listUsers", {})).users.find((u) => u.id === grid.id);
    assert.equal(changed.role, 4);
    assert.equal(changed.displayName, "改名后的用户");
    assert.equal(String(changed.scopeUnitId), String(grid.scopeUnitId), "the scope left as it was");
    const other = await ApiClient.connect(server.port);
    const reply = await other.call("login", { username: grid.username, password: "reset-pass-2027" });
    assert.equal(reply.user.id, grid.id);
    assert.equal(reply.mustChangePassword, true, "a reset password is changed at the next login");
    other.close();

    // The user signs in with it and is shown only the form to change it.
    const user = await newPage(browser, { width: 360, height: 640 });
    await user.goto(server.url + "/#/login");
    await user.getByLabel("用户名").fill(grid.username);
    await user.getByLabel("密码").fill("reset-pass-2027");
    await user.getByRole("button", { name: "登录" }).click();
    await user.getByText("管理员已重置您的密码：请先修改密码，之后才能继续使用").waitFor();
    await user.goto(server.url + "/#/todo");
    await user.getByText("管理员已重置您的密码：请先修改密码，之后才能继续使用").waitFor();
    const change = user.getByRole("form", { name: "修改密码" });
    await change.getByLabel("当前密码").fill("reset-pass-2027");
    await change.getByLabel("新密码", { exact: true }).fill("abcdefgh");
    await change.getByLabel("再次输入新密码").fill("abcdefgh");
    await change.getByRole("button", { name: "修改密码" }).click();
    await change.getByText("至少 8 位，含字母、数字、符号中的两类").first().waitFor();
    await change.getByLabel("新密码", { exact: true }).fill("own-pass-2028");
    await change.getByLabel("再次输入新密码").fill("own-pass-2029");
    await change.getByRole("button", { name: "修改密码" }).click();
    await change.getByText("两次输入的新密码不一致").waitFor();
    await change.getByLabel("再次输入新密码").fill("own-pass-2028");
    await change.getByRole("button", { name: "修改密码" }).click();
    await user.waitForURL((u) => !u.hash.startsWith("#/settings"));
    const after = await ApiClient.connect(server.port);
    const again = await after.call("login", { username: grid.username, password: "own-pass-2028" });
    assert.equal(again.mustChangePassword, false);
    after.close();
    assert.deepEqual(user.errors, []);
  });
  api.close();
  assert.deepEqual(page.errors, []);
});

test("an admin reads the audit log by kind, page by page", async () => {
  const api = await ApiClient.connect(server.port);
  // More logins than one page holds.
  for (let i = 0; i < 55; i++) await api.login("admin");
  await assert.rejects(api.call("login", { username: "admin", password: "not-the-password-1" }));
  const logins = (await api.call("listAudit", { kind: 1, pageSize: 500 })).entries.length;
  api.close();
  assert.ok(logins > 50);
  const page = await newPage(browser, { width: 1366, height: 768 });
  await login(page, server, "admin");
  await explained("admin-audit", () => [page], async () => {
    const section = page.locator("section[aria-labelledby=audit-h]");
    await section.getByLabel("类别").selectOption({ label: "登录失败" });
    // Only failed logins once the list has been redrawn for the kind.
    await page.waitForFunction(() => {
      const items = [...document.querySelectorAll("section[aria-labelledby=audit-h] ol.history li")];
      return items.length > 0 && items.every((li) => li.textContent.includes("登录失败"));
    });
    await section.getByLabel("类别").selectOption({ label: "登录" });
    await section.getByRole("button", { name: "更早的记录" }).waitFor();
    assert.equal(await section.locator("ol.history li").count(), 50);
    await section.getByRole("button", { name: "更早的记录" }).click();
    await page.waitForFunction((n) => document.querySelectorAll("section[aria-labelledby=audit-h] ol.history li").length === n, logins + 1);
    assert.equal(await section.getByRole("button", { name: "更早的记录" }).isHidden(), true);
  });
  assert.deepEqual(page.errors, []);
});
