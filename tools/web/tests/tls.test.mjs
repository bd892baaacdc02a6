// Phones on a LAN need HTTPS: with --tls-cert and --tls-key gridcased serves the application
// over https:// and it speaks to the API over wss:// on the same port, in a secure context (the
// camera, GPS and the service worker need one; Chromium does not register a service worker
// under a certificate it had to be told to ignore, so that part is left to the other tests).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { Server, launch, newPage, login } from "./support.mjs";

let server;
let browser;
before(async () => {
  server = new Server();
  const cert = path.join(server.dir, "cert.pem");
  const key = path.join(server.dir, "key.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
  server.tls = { cert, key };
  await server.start();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("the application works over https:// and wss://", async () => {
  assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const phone = await newPage(browser, { width: 360, height: 640, ignoreHTTPSErrors: true });
  const sockets = [];
  phone.on("websocket", (ws) => sockets.push(ws.url()));
  await login(phone, server, "grid1");
  await phone.getByRole("heading", { name: "我的待办" }).waitFor();
  await phone.locator(".case-list ul li").first().waitFor();
  assert.ok(sockets.length > 0 && sockets.every((u) => u.startsWith("wss://127.0.0.1:")), sockets.join(" "));
  assert.equal(await phone.evaluate(() => window.isSecureContext), true);
  // Chromium's own line about the ignored certificate and the service worker (see above).
  assert.deepEqual(phone.errors.filter((e) => e !== "An SSL certificate error occurred when fetching the script."), []);
});
