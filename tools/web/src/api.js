// The one connection to gridcased: binary protobuf frames over the WebSocket on /ws, the same
// API the CLI speaks. call() answers the reply's body ({ case, value }) or throws an ApiError
// (the server refused) or an OfflineError (no connection, or it dropped before the answer).
// After every (re)connect the session is resumed with the stored token before anything else
// is sent; then "online" is announced and callers may go on.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { ClientFrameSchema, ServerFrameSchema } from "./gen/gridcase/v1/gridcase_pb.js";
import { REASONS } from "./gen/reasons.js";
import { language } from "./i18n.js";

// The refusal in the user's language, from the server's own catalogue of reasons; the
// server's message (with its details) when the catalogue has no text for it.
function reasonText(error) {
  const texts = REASONS[error?.reason];
  if (texts) return language() === "en" ? texts[1] : texts[0];
  return error?.message || error?.reason || "error";
}

export class ApiError extends Error {
  constructor(error) {
    super(reasonText(error));
    this.serverMessage = error?.message ?? "";
    this.code = error?.code ?? 2;
    this.reason = error?.reason ?? "";
    this.allowedActions = error?.allowedActions ?? [];
  }
}

export class OfflineError extends Error {
  constructor() {
    super("offline");
  }
}

const TOKEN_KEY = "gridcase.token";
const USER_KEY = "gridcase.user";

export class Api extends EventTarget {
  constructor(url) {
    super();
    this.url = url;
    this.ws = null;
    // connecting (until the first connection answers or fails), online, offline (retrying).
    this.status = "connecting";
    this.nextCallId = 1n;
    this.pending = new Map();
    this.token = localStorage.getItem(TOKEN_KEY);
    this.user = readUser();
    this.retryMs = 300;
    this.retryTimer = null;
  }

  start() {
    this.connect();
    window.addEventListener("online", () => this.connect());
  }

  connect() {
    if (this.ws && this.ws.readyState <= 1) return;
    clearTimeout(this.retryTimer);
    let ws;
    try {
      ws = new WebSocket(this.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    ws.onopen = () => this.onOpen(ws);
    ws.onmessage = (e) => this.onFrame(new Uint8Array(e.data));
    ws.onclose = () => this.onClose(ws);
    ws.onerror = () => {};
  }

  async onOpen(ws) {
    this.retryMs = 300;
    if (this.token) {
      try {
        const reply = await this.send("resume", { token: this.token }, ws);
        this.setSession(this.token, reply.value.user, reply.value.mustChangePassword);
      } catch (e) {
        if (e instanceof ApiError && e.code === 16) {
          this.clearSession();
          this.dispatchEvent(new Event("signed-out"));
        } else if (e instanceof OfflineError) {
          return;
        }
      }
    }
    if (this.ws === ws) this.setStatus("online");
  }

  onClose(ws) {
    if (this.ws !== ws) return;
    this.ws = null;
    for (const [, p] of this.pending) p.reject(new OfflineError());
    this.pending.clear();
    this.setStatus("offline");
    this.scheduleRetry();
  }

  scheduleRetry() {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, 3000);
  }

  setStatus(status) {
    if (this.status === status) return;
    this.status = status;
    this.dispatchEvent(new Event("status"));
  }

  get online() {
    return this.status === "online";
  }

  // Sends one call and waits for its reply.
  call(requestCase, value) {
    if (!this.online) return Promise.reject(new OfflineError());
    return this.send(requestCase, value, this.ws);
  }

  send(requestCase, value, ws) {
    if (!ws || ws.readyState !== 1) return Promise.reject(new OfflineError());
    const callId = this.nextCallId++;
    const frame = create(ClientFrameSchema, { callId, request: { case: requestCase, value } });
    return new Promise((resolve, reject) => {
      this.pending.set(callId, { resolve, reject });
      try {
        ws.send(toBinary(ClientFrameSchema, frame));
      } catch {
        this.pending.delete(callId);
        reject(new OfflineError());
      }
    });
  }

  onFrame(bytes) {
    let frame;
    try {
      frame = fromBinary(ServerFrameSchema, bytes);
    } catch {
      return;
    }
    const f = frame.frame;
    if (f.case === "reply") {
      const p = this.pending.get(f.value.callId);
      if (!p) return;
      this.pending.delete(f.value.callId);
      if (f.value.error) p.reject(new ApiError(f.value.error));
      else p.resolve(f.value.body);
    } else if (f.case === "event") {
      this.dispatchEvent(new CustomEvent("push", { detail: f.value }));
    } else if (f.case === "warning") {
      // An early warning raised in the scope of one of the connection's subscriptions.
      this.dispatchEvent(new CustomEvent("warning", { detail: f.value }));
    } else if (f.case === "subscriptionsEnded") {
      this.dispatchEvent(new CustomEvent("subscriptions-ended", { detail: f.value.error }));
      if (f.value.error?.code === 16) {
        this.clearSession();
        this.dispatchEvent(new Event("signed-out"));
      }
    }
  }

  // Waits (at most `ms`) for the socket to open: a sign-in right after the page loads.
  async waitForSocket(ms) {
    for (const end = Date.now() + ms; Date.now() < end; ) {
      if (this.ws?.readyState === 1) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async login(username, password) {
    await this.waitForSocket(5000);
    const reply = await this.send("login", { username, password }, this.ws);
    this.setSession(reply.value.token, reply.value.user, reply.value.mustChangePassword);
    this.setStatus("online");
    return reply.value;
  }

  // Changes the user's password. The server ends every session of the user, this one too, so
  // the application logs in again with the new password.
  async changePassword(oldPassword, newPassword) {
    await this.call("changePassword", { oldPassword, newPassword });
    return this.login(this.user.username, newPassword);
  }

  async logout() {
    try {
      if (this.online) await this.call("logout", {});
    } catch {
      // The session ends on this device whatever the server says.
    }
    this.clearSession();
  }

  // `mustChange`: an admin reset the password; the server answers nothing but a change of it
  // (and logout) until then, so the application shows only that form.
  setSession(token, user, mustChange = false) {
    this.token = token;
    this.user = {
      id: Number(user.id),
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      scopeUnitId: Number(user.scopeUnitId),
      mustChangePassword: Boolean(mustChange),
    };
    localStorage.setItem(TOKEN_KEY, token);
    localStorage.setItem(USER_KEY, JSON.stringify(this.user));
  }

  clearSession() {
    this.token = null;
    this.user = null;
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(USER_KEY);
  }
}

function readUser() {
  try {
    return JSON.parse(localStorage.getItem(USER_KEY) ?? "null");
  } catch {
    return null;
  }
}

// ws:// beside http://, wss:// beside https://: the page's own server.
export function defaultUrl() {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
}

export function newRequestId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}
