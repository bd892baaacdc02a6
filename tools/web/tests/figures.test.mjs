// (5) A supervisor drills down from 按期结案率 to the cases behind it, and the numbers agree:
// the list holds as many cases as the rate's numerator, and every count of the table opens as
// many cases as it says.
import { test } from "node:test";
import assert from "node:assert/strict";
import { newPage, login, explained, ApiClient, withServerAndBrowser, artifactsDir } from "./support.mjs";

let server;
let browser;
withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

test("from 按期结案率 to the cases behind it, with the same numbers", async () => {
  const page = await newPage(browser, { width: 1366, height: 768 });
  await login(page, server, "supervisor");
  await explained("figures", () => [page], async () => {
    await page.goto(server.url + "/#/figures");
    await page.getByRole("heading", { name: "统计看板" }).waitFor();
    const total = page.locator("tr.total");
    await total.waitFor();
    // The on-time rate of the whole subtree: "xx.x% (n/d)", n a button.
    const onTime = page.getByRole("button", { name: /^合计.* 按期结案率 按期结案 \d+$/ });
    const n = Number(await onTime.textContent());
    assert.ok(n > 0, "the demo has cases closed on time");
    await onTime.click();
    await page.locator(".drill-count").getByText(`共 ${n} 件`).waitFor();
    assert.equal(await page.locator(".drill .cases li").count(), n);
    assert.equal(await page.locator(".drill .form-error").count(), 0);

    // Every count button of the table opens as many cases as it shows.
    const buttons = page.locator(".figures-table button.link");
    const count = await buttons.count();
    assert.ok(count > 5);
    for (let i = 0; i < count; i++) {
      const b = buttons.nth(i);
      const shown = Number(await b.textContent());
      await b.click();
      await page.locator(".drill-count").getByText(`共 ${shown} 件`).waitFor();
      assert.equal(await page.locator(".drill .cases li").count(), shown, await b.getAttribute("aria-label"));
    }
    await page.getByText("下载表格（CSV）").waitFor();
    // The HTML report downloads with the summary in it; the chart names every unit's rate.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByText("下载报告（HTML）").click()]);
    const fs = await import("node:fs/promises");
    const html = await fs.readFile(await download.path(), "utf8");
    assert.ok(html.includes((await page.locator(".summary-text").textContent()).trim()));
    assert.match(await page.locator(".chart svg").getAttribute("aria-label"), /^按期结案率：河畔社区 \d+\.\d%/);
    assert.ok((await page.locator(".summary-text").textContent()).length > 10, "the summary paragraph");
    assert.deepEqual(page.errors, []);
  });
});

// (5b) The trend by month: cases registered in two months of a past year (loaded through
// gridcase-import, which takes their own dates, into a community of the demo's sub-district),
// the table's numbers are the API's by-month figures, and a month's number opens exactly the
// cases registered in that month.
test("the trend by month has the API's numbers, and a month's number lists that month's cases", async () => {
  const { execFileSync } = await import("node:child_process");
  const fs = await import("node:fs/promises");
  const path = await import("node:path");
  const csv = path.join(server.dir, "trend.csv");
  const map = path.join(server.dir, "trend.map");
  await fs.writeFile(
    map,
    `[source]
name = trendtest
key = ID
opened = OPENED
target = TARGET
closed = CLOSED
closed_if = STATUS=Closed
title = TITLE
description = TITLE
time_format = iso
utc_offset = +08:00
kind = INCIDENT

[city]
district = 370100 | 示范区
sub_district = 370100001 | 新城街道 | XC
grid_column = GRID
grid_scheme = wwpp
community_code = {sd}-T{ward:02}
community_name = 趋势测试第{ward}社区
grid_code = {sd}-T{ward:02}-G{precinct:02}
grid_name = 趋势测试第{ward}社区第{precinct}网格

[channel:SOURCE]
* = PHONE

[new_categories]
INC.TRD = | 趋势测试
INC.TRD.LAMP = INC.TRD | 路灯

[category:TYPE]
* = INC.TRD.LAMP
`,
  );
  // March 2025: three cases (two closed on time, one late); April: two (one closed, one open).
  const rows = [
    ["T1", "2025-03-03 09:00:00", "2025-03-10 18:00:00", "2025-03-05 10:00:00", "Closed", "三月路灯一"],
    ["T2", "2025-03-12 09:00:00", "2025-03-19 18:00:00", "2025-03-13 10:00:00", "Closed", "三月路灯二"],
    ["T3", "2025-03-28 09:00:00", "2025-04-02 18:00:00", "2025-04-08 10:00:00", "Closed", "三月路灯三"],
    ["T4", "2025-04-01 09:00:00", "2025-04-08 18:00:00", "2025-04-03 10:00:00", "Closed", "四月路灯一"],
    ["T5", "2025-04-29 09:00:00", "2025-05-06 18:00:00", "", "Open", "四月路灯二"],
  ];
  await fs.writeFile(csv, ["ID,OPENED,TARGET,CLOSED,STATUS,TITLE,GRID,SOURCE,TYPE", ...rows.map((r) => [...r, "101", "Phone", "lamp"].join(","))].join("\n") + "\n");
  // The import writes to the database file; the server reads it at start.
  await server.stop();
  execFileSync(process.env.GRIDCASE_IMPORT, ["--db", server.db, "--mapping", map, "--quiet", csv], { stdio: "pipe" });
  await server.start();

  const api = await ApiClient.connect(server.port);
  await api.login("supervisor");
  const range = { from: "2025-01-01", to: "2026-01-01" };
  const answer = await api.call("getFigures", { ...range, period: 3 });
  const months = new Map(answer.cells.map((c) => [c.periodLabel, c.figures]));
  assert.deepEqual([...months.keys()], ["2025-03", "2025-04"]);
  assert.equal(months.get("2025-03").counts.received, 3n);
  assert.equal(months.get("2025-04").counts.received, 2n);

  const page = await newPage(browser, { width: 1366, height: 768 });
  await login(page, server, "supervisor");
  await explained("figures-trend", () => [page], async () => {
    await page.goto(server.url + "/#/figures");
    await page.getByRole("heading", { name: "统计看板" }).waitFor();
    await page.locator("tr.total").waitFor();
    await page.getByLabel("起始日期（含）").fill(range.from);
    await page.getByLabel("截止日期（不含）").fill(range.to);
    await page.getByRole("button", { name: "查看", exact: true }).click();
    const trend = page.getByRole("region", { name: "趋势（按月）" });
    await trend.getByRole("rowheader", { name: "2025-12" }).waitFor();
    assert.equal(await page.getByRole("radio", { name: "按月" }).isChecked(), true);

    // Every month of the range has its row, and each count is the API's (0 where it has none).
    const headers = await trend.locator("thead th").allTextContents();
    const defs = new Map(answer.definitions.map((d) => [d.labelZh, d.code]));
    const table = await trend.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
    assert.deepEqual(table.map((r) => r[0]), ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"].map((m) => `2025-${m}`));
    let compared = 0;
    for (const row of table) {
      const set = months.get(row[0]);
      headers.forEach((head, i) => {
        const code = defs.get(head);
        const def = answer.definitions.find((d) => d.code === code);
        if (!code || def.isRate) return;
        assert.equal(row[i], String(set?.counts[code] ?? 0n), `${row[0]} ${head}`);
        compared++;
      });
      const onTime = row[headers.indexOf("按期结案率")];
      const rate = set?.rates.find((r) => r.code === "on_time");
      if (rate && rate.denominator) assert.ok(onTime.includes(`(${rate.numerator}/${rate.denominator})`), onTime);
      else assert.equal(onTime, "—");
    }
    assert.ok(compared >= 12 * 8);

    // The chart's text alternative says the same; a count is drawn as columns.
    await page.getByLabel("图中指标").selectOption("received");
    const alt = await page.locator(".trend-chart svg").getAttribute("aria-label");
    assert.match(alt, /^受理：2025-01 0，2025-02 0，2025-03 3，2025-04 2，2025-05 0/);
    assert.equal(await page.locator(".trend-chart svg rect").count(), 2);

    // March's number opens March's cases, exactly.
    await trend.getByRole("button", { name: "2025-03 受理 3" }).click();
    await page.locator(".drill-count").getByText("共 3 件").waitFor();
    const listed = await page.locator(".drill .cases li .case-title").allTextContents();
    assert.deepEqual(listed.sort(), ["三月路灯一", "三月路灯二", "三月路灯三"].sort());
    assert.equal(await page.locator(".drill .form-error").count(), 0);
    await trend.getByRole("button", { name: "2025-04 受理 2" }).click();
    await page.locator(".drill").getByRole("heading", { name: /^2025-04 · 受理/ }).waitFor();
    await page.locator(".drill-count").getByText("共 2 件").waitFor();
    assert.deepEqual((await page.locator(".drill .cases li .case-title").allTextContents()).sort(), ["四月路灯一", "四月路灯二"].sort());

    // By week: the weeks of the cases, their numbers the API's.
    const weekly = await api.call("getFigures", { ...range, period: 2 });
    await page.getByRole("radio", { name: "按周" }).check();
    const weeks = page.getByRole("region", { name: "趋势（按周）" });
    await weeks.getByRole("rowheader", { name: "2025-W10" }).waitFor();
    for (const cell of weekly.cells) {
      const n = cell.figures.counts.received;
      await weeks.getByRole("button", { name: `${cell.periodLabel} 受理 ${n}` }).waitFor();
    }
    assert.deepEqual(weekly.cells.map((c) => c.periodLabel), ["2025-W10", "2025-W11", "2025-W13", "2025-W14", "2025-W18"]);
    assert.deepEqual(page.errors, []);
  });
  api.close();
});

// (5c) 降低12345投诉率: once an admin has loaded the populations of seven of the demo's eight
// communities and set the sub-district's target, the supervisor's board ranks them by the API's
// rates, and the eighth (with the community the trend test above imported) says it has no
// population instead of showing 0.
test("12345 complaints per 10,000 residents: the API's rates, the target, and a community without a population", async () => {
  const api = await ApiClient.connect(server.port);
  await api.login("admin");
  const rows = [1, 2, 3, 4, 5, 6, 7].map((n) => `37010000100${n},2026-01-01,${8000 + n * 1000},${3000 + n * 300}`);
  await api.call("loadPopulation", { csv: ["单位编码,统计日期,人口,户数", ...rows].join("\n") + "\n" });
  const tree = await api.call("getOrgTree", {});
  const sub = tree.units.find((u) => u.code === "370100001");
  await api.call("setComplaintTarget", { unitId: sub.id, per10k: 3.5 });
  await api.login("supervisor");
  const year = new Date().getFullYear();
  const rates = await api.call("getComplaintRates", { from: `${year}-01-01`, to: `${year + 1}-01-01` });
  api.close();

  const page = await newPage(browser, { width: 1366, height: 768 });
  await login(page, server, "supervisor");
  await explained("figures-complaints", () => [page], async () => {
    await page.goto(server.url + "/#/figures");
    const table = page.locator("table.complaints");
    await table.waitFor();
    await page.getByText("街道目标值：每万人每月不超过 3.5 件").waitFor();
    const body = table.locator("tbody tr");
    assert.equal(await body.count(), rates.children.length + 1);  // the communities and the total
    assert.equal(rates.children.filter((row) => row.hasRate).length, 7);
    for (const [i, row] of rates.children.entries()) {
      const cells = body.nth(i).locator("td, th");
      assert.equal((await cells.nth(1).textContent()).trim(), row.unit.name);
      assert.equal((await cells.nth(3).textContent()).trim(), row.hasRate ? row.per10k.toFixed(2) : "无人口数据");
      assert.equal((await cells.nth(0).textContent()).trim(), row.rank ? String(row.rank) : "—");
    }
    // Those without a population come after the ranked seven, unranked, never 0.
    const unranked = body.filter({ hasText: "希望新城社区" }).locator("td, th");
    assert.equal((await unranked.nth(3).textContent()).trim(), "无人口数据");
    assert.equal((await unranked.nth(0).textContent()).trim(), "—");
    assert.ok(rates.children.findIndex((row) => row.unit.name === "希望新城社区") >= 7);
    await table.screenshot({ path: (await import("node:path")).join(artifactsDir(), "figures-complaints.png") });
    assert.deepEqual(page.errors, []);
  });
});

// (5d) 物业企业 and 恳谈会: the board ranks the demo's property companies by complaints per 1,000
// households served (the API's numbers, its estates' households) and counts the residents'
// forums per community as the API does: the demo's forum of 河畔 with its three opinions, one
// answered on the spot and one turned into a case.
test("property companies and residents' forums on the board, with the API's numbers", async () => {
  const api = await ApiClient.connect(server.port);
  await api.login("supervisor");
  const year = new Date().getFullYear();
  const range = { from: `${year}-01-01`, to: `${year + 1}-01-01` };
  const ranking = await api.call("getCompanyRanking", range);
  const forums = await api.call("getForumFigures", range);
  api.close();
  const fuli = ranking.rows.find((row) => row.company.name === "富力物业服务有限公司");
  assert.equal(Number(fuli.households), 2240);  // 富力城一期 1260 + 二期 980
  const hepan = forums.communities.find((row) => row.unit.name === "河畔社区");
  assert.equal(Number(hepan.forums), 1);
  assert.equal(Number(hepan.opinions), 3);
  assert.equal(Number(hepan.answered), 1);
  assert.equal(Number(hepan.turnedIntoCases), 1);

  const page = await newPage(browser, { width: 1366, height: 768 });
  await login(page, server, "supervisor");
  await explained("figures-property", () => [page], async () => {
    await page.goto(server.url + "/#/figures");
    const companies = page.locator("table.companies");
    await companies.waitFor();
    const rows = companies.locator("tbody tr");
    assert.equal(await rows.count(), ranking.rows.length);
    for (const [i, row] of ranking.rows.entries()) {
      const cells = rows.nth(i).locator("td, th");
      assert.equal((await cells.nth(0).textContent()).trim(), String(row.rank));
      assert.equal((await cells.nth(1).textContent()).trim(), row.company.name);
      assert.equal((await cells.nth(2).textContent()).trim(), String(row.households));
      assert.equal((await cells.nth(4).textContent()).trim(), row.hasHouseholds ? row.per1000.toFixed(2) : "未登记小区");
      // Each rate with what it counts, as the API gives it.
      const rate = (r) => (Number(r.denominator) > 0 ? `${((100 * Number(r.numerator)) / Number(r.denominator)).toFixed(1)}% (${r.numerator}/${r.denominator})` : "—");
      for (const [n, r] of [[5, row.response], [6, row.resolution], [7, row.satisfaction], [8, row.rework]].values()) {
        assert.equal((await cells.nth(n).textContent()).trim(), rate(r), `${row.company.name} column ${n}`);
      }
    }
    assert.ok(ranking.rows.some((row) => Number(row.rework.denominator) > 0), "the demo has a company with a closed case");
    const forumRow = page.locator("table.forums tbody tr").filter({ hasText: "河畔社区" }).first().locator("td, th");
    assert.equal((await forumRow.nth(1).textContent()).trim(), "1");
    assert.equal((await forumRow.nth(3).textContent()).trim(), "3");
    assert.equal((await forumRow.nth(4).textContent()).trim(), "1");
    assert.equal((await forumRow.nth(5).textContent()).trim(), "1");
    await page.locator("table.forums").screenshot({ path: (await import("node:path")).join(artifactsDir(), "figures-forums.png") });
    assert.deepEqual(page.errors, []);
  });
});
