// Phones on a LAN need HTTPS: with --tls-cert and --tls-key gridcased serves the application
// over https:// and it speaks to the API over wss:// on the same port, in a secure context (the
// camera, GPS and the service worker need one).
//
// The certificate is a throw-away self-signed one. Chromium does not register a service worker
// under a certificate error it was told to ignore (Playwright's ignoreHTTPSErrors: "An SSL
// certificate error occurred when fetching the script"), so the browser is told instead to
// trust this one key (--ignore-certificate-errors-spki-list with the SHA-256 of the
// certificate's public key): the certificate then verifies, as a phone's does once its CA is
// installed, and the service worker registers. The offline test below proves it over https://
// and wss://.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import crypto from "node:crypto";
import path from "node:path";
import { Server, launch, newPage, login, ApiClient, makeCase, history } from "./support.mjs";

let server;
let browser;
let ca;
before(async () => {
  server = new Server();
  const cert = path.join(server.dir, "cert.pem");
  const key = path.join(server.dir, "key.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
  ca = readFileSync(cert);
  server.tls = { cert, key };
  await server.start();
  // The base64 SHA-256 of the certificate's SubjectPublicKeyInfo, as Chromium's switch wants it.
  const spki = crypto.createHash("sha256").update(new crypto.X509Certificate(ca).publicKey.export({ type: "spki", format: "der" })).digest("base64");
  browser = await launch({ args: [`--ignore-certificate-errors-spki-list=${spki}`] });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("the application works over https:// and wss://", async () => {
  assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const phone = await newPage(browser, { width: 360, height: 640 });
  const sockets = [];
  phone.on("websocket", (ws) => sockets.push(ws.url()));
  await login(phone, server, "grid1");
  await phone.getByRole("heading", { name: "我的待办" }).waitFor();
  await phone.locator(".case-list ul li").first().waitFor();
  assert.ok(sockets.length > 0 && sockets.every((u) => u.startsWith("wss://127.0.0.1:")), sockets.join(" "));
  assert.equal(await phone.evaluate(() => window.isSecureContext), true);
  assert.deepEqual(phone.errors, []);
  await phone.context().close();
});

test("offline over https://: the service worker serves the application and the outbox drains over wss://", async () => {
  const tag = crypto.randomUUID().slice(0, 8);
  const api = await ApiClient.connect(server.port, { ca });
  await api.login("grid1");
  const { kase } = await makeCase(api, `HTTPS 离线备注的案件 ${tag}`);
  api.close();

  const phone = await newPage(browser, { width: 360, height: 640 });
  await login(phone, server, "grid1");
  // The service worker registers over https:// and takes the page.
  const scope = await phone.evaluate(() => navigator.serviceWorker.ready.then((r) => r.scope));
  assert.equal(scope, server.url + "/");
  await phone.goto(server.url + `/#/case/${kase.id}`);
  await phone.getByRole("heading", { name: kase.title }).waitFor();
  assert.equal(await phone.evaluate(() => Boolean(navigator.serviceWorker.controller)), true);

  await server.stop();
  await phone.getByText("离线", { exact: true }).waitFor();
  // The application loads without the server: the service worker answers.
  await phone.reload();
  await phone.getByText("离线", { exact: true }).waitFor();
  await phone.getByRole("heading", { name: kase.title }).waitFor();

  const note = `HTTPS 离线时的备注 ${tag}`;
  const form = phone.getByRole("form", { name: "备注" });
  await form.getByLabel("说明").fill(note);
  await form.getByRole("button", { name: "备注" }).click();
  await phone.getByText("待发送 1 项").waitFor();
  await phone.goto(server.url + "/#/outbox");
  assert.equal(await phone.locator("li.item[data-status=waiting]").count(), 1);

  // Back on the same address: the outbox sends it over wss:// by itself, once.
  await server.start();
  await phone.getByText("在线", { exact: true }).waitFor({ timeout: 15000 });
  await phone.getByText("无待发送").waitFor({ timeout: 15000 });
  assert.equal(await phone.locator("li.item[data-status=sent]").count(), 1);
  const check = await ApiClient.connect(server.port, { ca });
  await check.login("supervisor");
  assert.equal((await history(check, kase.id)).filter((e) => e.action === 13 && e.reason === note).length, 1);
  check.close();
  // With the server gone, the browser itself reports the refused connections (the socket's
  // retries, the service worker's update check); nothing else may appear.
  assert.deepEqual(phone.errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource|Failed to fetch|ServiceWorker|fetching the script/.test(e)), []);
  await phone.context().close();
});
