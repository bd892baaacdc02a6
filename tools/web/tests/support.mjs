// What the browser tests share: a gridcased over a fresh demo database (started, stopped and
// started again on the same port), Debian's Chromium through playwright-core, a small
// WebSocket client that checks through the API what the pages did, and test images.
//
// Environment (set by CTest): GRIDCASED, GRIDCASE_ADMIN, GRIDCASE_IMPORT (binaries), GRIDCASE_WEB_DIST (the
// built application), GRIDCASE_WEB_ARTIFACTS (where screenshots go), CHROMIUM (default
// /usr/bin/chromium).
import { spawn, execFileSync } from "node:child_process";
import { before, after } from "node:test";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import net from "node:net";
import tls from "node:tls";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import zlib from "node:zlib";
import { chromium } from "playwright-core";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { ClientFrameSchema, ServerFrameSchema } from "../src/gen/gridcase/v1/gridcase_pb.js";

export const PASSWORD = "demo12345";
const env = (name, fallback) => process.env[name] ?? fallback;

export class Server {
  // `tls`: { cert, key } PEM files: serve https:// and wss:// only.
  constructor({ tls = null } = {}) {
    this.tls = tls;
    this.dir = mkdtempSync(path.join(os.tmpdir(), "gridcase-web-"));
    this.db = path.join(this.dir, "gridcase.db");
    execFileSync(env("GRIDCASE_ADMIN"), ["init", "--demo", "--db", this.db], { stdio: "ignore" });
    this.port = 0;
    this.proc = null;
  }

  async start() {
    const args = ["--db", this.db, "--listen", `127.0.0.1:${this.port}`, "--web-root", env("GRIDCASE_WEB_DIST"), "--log-level", "error", "--max-calls-per-second", "0"];
    if (this.tls) args.push("--tls-cert", this.tls.cert, "--tls-key", this.tls.key);
    const proc = spawn(env("GRIDCASED"), args, { stdio: ["ignore", "pipe", "inherit"] });
    this.proc = proc;
    const line = await new Promise((resolve, reject) => {
      let out = "";
      // Generous: a loaded CI machine may take long to start it (it opens and checks the store).
      const timer = setTimeout(() => reject(new Error("gridcased did not start within 60 s: " + out)), 60000);
      proc.stdout.on("data", (d) => {
        out += d;
        const m = out.match(/gridcased web application at (https?:\/\/127\.0\.0\.1:(\d+))\//);
        if (m) {
          clearTimeout(timer);
          resolve(m);
        }
      });
      proc.on("exit", (code) => reject(new Error(`gridcased exited with ${code}: ${out}`)));
    });
    this.port = Number(line[2]);
    this.url = line[1];
    return this;
  }

  async stop() {
    if (!this.proc) return;
    const proc = this.proc;
    this.proc = null;
    const done = new Promise((resolve) => proc.on("exit", resolve));
    proc.kill("SIGTERM");
    await done;
  }

  async close() {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// Starts a server and a browser before the tests of a file, hands them to `use`, and closes them
// after the tests.
export function withServerAndBrowser(use) {
  let server;
  let browser;
  before(async () => {
    server = await new Server().start();
    browser = await launch();
    use(server, browser);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
}

// `args`: more Chromium switches (the https:// test names the certificate it trusts this way).
export async function launch({ args = [] } = {}) {
  return chromium.launch({
    executablePath: env("CHROMIUM", "/usr/bin/chromium"),
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", ...args],
  });
}

// A page that records console errors and uncaught exceptions into `errors`.
export async function newPage(browser, { width = 360, height = 640, bypassCSP = false, ignoreHTTPSErrors = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: "zh-CN", bypassCSP, ignoreHTTPSErrors, serviceWorkers: "allow" });
  // Every wait is for a condition; on a machine loaded by builds beside the tests a page may
  // take long to load or redraw, so a wait counts as failed only after a minute (a wait with a
  // timeout of its own, such as "within 2 s", keeps it).
  context.setDefaultTimeout(60000);
  const page = await context.newPage();
  page.errors = [];
  page.on("console", (m) => {
    if (m.type() === "error") page.errors.push(m.text());
  });
  page.on("pageerror", (e) => page.errors.push(String(e)));
  return page;
}

export async function login(page, server, username) {
  await page.goto(server.url + "/#/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  try {
    await page.waitForFunction(() => !location.hash.startsWith("#/login"), null, { timeout: 30000 });
  } catch (e) {
    throw new Error(`${username} could not log in; the page says: ${await page.locator("body").innerText()}`);
  }
}

export function artifactsDir() {
  const dir = env("GRIDCASE_WEB_ARTIFACTS", path.join(os.tmpdir(), "gridcase-web-artifacts"));
  mkdirSync(dir, { recursive: true });
  return dir;
}

// A small PNG of one colour.
export function png(width = 64, height = 48, rgb = [200, 60, 40]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", zlib.deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

// A minimal WebSocket client (RFC 6455, binary frames, masked as a client must) speaking the
// API, to check what the pages did. `ca`: the PEM certificate to trust, for a server on wss://.
export class ApiClient {
  static async connect(port, { ca = null } = {}) {
    const c = new ApiClient();
    await c.open(port, ca);
    return c;
  }

  open(port, ca = null) {
    return new Promise((resolve, reject) => {
      const key = crypto.randomBytes(16).toString("base64");
      const upgrade = () => {
        this.sock.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
      };
      this.sock = ca ? tls.connect({ host: "127.0.0.1", port, ca }, upgrade) : net.connect(port, "127.0.0.1", upgrade);
      this.buf = Buffer.alloc(0);
      this.upgraded = false;
      this.nextCall = 1n;
      this.pending = new Map();
      this.sock.on("data", (d) => {
        this.buf = Buffer.concat([this.buf, d]);
        if (!this.upgraded) {
          const end = this.buf.indexOf("\r\n\r\n");
          if (end < 0) return;
          const head = this.buf.subarray(0, end).toString();
          this.buf = this.buf.subarray(end + 4);
          if (!head.startsWith("HTTP/1.1 101")) return reject(new Error(head));
          this.upgraded = true;
          resolve();
        }
        this.readFrames();
      });
      this.sock.on("error", reject);
    });
  }

  readFrames() {
    for (;;) {
      if (this.buf.length < 2) return;
      let len = this.buf[1] & 0x7f;
      let off = 2;
      if (len === 126) {
        if (this.buf.length < 4) return;
        len = this.buf.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (this.buf.length < 10) return;
        len = Number(this.buf.readBigUInt64BE(2));
        off = 10;
      }
      if (this.buf.length < off + len) return;
      const fin = (this.buf[0] & 0x80) !== 0;
      const opcode = this.buf[0] & 0x0f;
      const payload = this.buf.subarray(off, off + len);
      this.buf = this.buf.subarray(off + len);
      // A message may come in fragments: a binary frame, then continuations up to FIN.
      if (opcode === 2) this.message = [payload];
      else if (opcode === 0 && this.message) this.message.push(payload);
      else continue;
      if (!fin) continue;
      const whole = Buffer.concat(this.message);
      this.message = null;
      const frame = fromBinary(ServerFrameSchema, whole).frame;
      if (frame.case !== "reply") continue;
      const p = this.pending.get(frame.value.callId);
      this.pending.delete(frame.value.callId);
      if (frame.value.error) p?.reject(Object.assign(new Error(frame.value.error.message), { reason: frame.value.error.reason }));
      else p?.resolve(frame.value.body.value);
    }
  }

  call(requestCase, value) {
    const callId = this.nextCall++;
    const bytes = toBinary(ClientFrameSchema, create(ClientFrameSchema, { callId, request: { case: requestCase, value } }));
    const mask = crypto.randomBytes(4);
    const header = bytes.length < 126 ? Buffer.from([0x82, 0x80 | bytes.length]) : bytes.length < 65536 ? Buffer.from([0x82, 0x80 | 126, bytes.length >> 8, bytes.length & 0xff]) : null;
    if (!header) throw new Error("frame too large for this client");
    const body = Buffer.from(bytes.map((b, i) => b ^ mask[i % 4]));
    this.sock.write(Buffer.concat([header, mask, body]));
    return new Promise((resolve, reject) => this.pending.set(callId, { resolve, reject }));
  }

  async login(username) {
    const reply = await this.call("login", { username, password: PASSWORD });
    this.token = reply.token;
    return reply;
  }

  close() {
    this.sock.destroy();
  }
}

// The cases (of the caller's scope) with exactly this title.
export async function casesTitled(api, title) {
  const found = [];
  let pageToken = "";
  do {
    const page = await api.call("listCases", { pageSize: 500, pageToken });
    found.push(...page.cases.filter((c) => c.title === title));
    pageToken = page.nextPageToken;
  } while (pageToken);
  return found;
}

// A leaf category of a kind (5: incident) and the caller's own unit, for cases made through
// the API.
export async function makeCase(api, title, { kind = 5, address = "测试地址" } = {}) {
  const me = (await api.call("resume", { token: api.token })).user;
  const category = (await api.call("listCategories", { kind })).categories.find((c) => c.leaf);
  const made = await api.call("createCase", {
    requestId: crypto.randomUUID(),
    kind,
    categoryCode: category.code,
    channel: 1,
    title,
    description: "由测试通过接口登记",
    location: { unitId: me.scopeUnitId, address },
    priority: 2,
  });
  return { kase: made.case, me };
}

// Runs an action through the API: header filled in, the case's current version expected.
export async function act(api, name, kase, extra = {}, reason = "") {
  const current = (await api.call("getCase", { caseId: kase.id })).case;
  const reply = await api.call(name, { header: { requestId: crypto.randomUUID(), caseId: kase.id, expectedVersion: current.version, reason }, ...extra });
  return reply.case;
}

export async function history(api, caseId) {
  return (await api.call("getCase", { caseId })).history;
}

// Runs `body`; when it fails, keeps a screenshot of each page (artifacts/failed-NAME-i.png) and
// adds what the pages said to the error, so a failure in CI can be read afterwards.
export async function explained(name, pages, body) {
  try {
    return await body();
  } catch (e) {
    const said = [];
    for (const [i, page] of pages().entries()) {
      try {
        await page.screenshot({ path: path.join(artifactsDir(), `failed-${name}-${i}.png`), fullPage: true });
        said.push(`page ${i} (${page.url()}): ${(await page.locator("body").innerText()).slice(0, 1500)}; console errors: ${JSON.stringify(page.errors)}`);
      } catch {
        // The page is gone.
      }
    }
    e.message += "\n" + said.join("\n");
    throw e;
  }
}
