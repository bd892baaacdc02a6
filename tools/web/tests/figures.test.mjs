// (5) A supervisor drills down from 按期结案率 to the cases behind it, and the numbers agree:
// the list holds as many cases as the rate's numerator, and every count of the table opens as
// many cases as it says.
import { test } from "node:test";
import assert from "node:assert/strict";
import { newPage, login, explained, withServerAndBrowser } from "./support.mjs";

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
