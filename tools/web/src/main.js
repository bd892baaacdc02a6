// The application's shell: the connection, the outbox, the status bar (online or offline, and
// how many actions wait to be sent), the navigation and the pages behind #/ addresses.
import "./app.css";
import { Api, defaultUrl } from "./api.js";
import { Outbox } from "./outbox.js";
import { h, clear } from "./dom.js";
import { t, setLanguage, language } from "./i18n.js";
import { Role } from "./gen/gridcase/v1/gridcase_pb.js";
import { loginPage } from "./views/login.js";
import { reportPage } from "./views/report.js";
import { todoPage, casePage } from "./views/cases.js";
import { outboxPage } from "./views/outbox_page.js";
import { settingsPage } from "./views/settings.js";

const api = new Api(defaultUrl());
const outbox = new Outbox(api);
const app = { api, outbox, navigate, refreshShell, announce };

document.documentElement.classList.toggle("large", localStorage.getItem("gridcase.large") === "1");

const root = document.getElementById("app");
const statusBar = h("div", { class: "statusbar", role: "status", "aria-live": "polite" });
const nav = h("nav", { class: "nav", "aria-label": "主导航" });
const main = h("main", { id: "main", tabindex: "-1" });
const live = h("div", { class: "visually-hidden", "aria-live": "assertive", role: "alert" });
clear(root, h("header", { class: "top" }, h("span", { class: "brand" }, t("app_title")), statusBar), nav, main, live);

function announce(text) {
  live.textContent = "";
  setTimeout(() => (live.textContent = text), 50);
}

function refreshShell() {
  document.title = t("app_title");
  const online = api.status === "online";
  const n = outbox.waitingCount;
  clear(
    statusBar,
    h("span", { class: `net ${online ? "net-on" : "net-off"}` }, h("span", { class: "dot", "aria-hidden": "true" }), t(online ? "online" : api.status === "connecting" ? "connecting" : "offline")),
    h("a", { href: "#/outbox", class: "outbox-count" }, n ? t("outbox_waiting", { n }) : t("outbox_none")),
  );
  const user = api.user;
  nav.hidden = !user;
  if (user) {
    const current = location.hash || "#/";
    const links = [];
    if (user.role === Role.SUPERVISOR) links.push(["#/board", t("nav_board")], ["#/figures", t("nav_figures")]);
    if (user.role === Role.MEDIATOR || user.role === Role.SUPERVISOR) links.push(["#/mediation", t("nav_mediation")]);
    if (user.role === Role.ADMIN) links.push(["#/admin", t("nav_admin")]);
    links.push(["#/report", t("nav_report")], ["#/todo", t("nav_todo")]);
    if (user.role === Role.GRID_WORKER) links.push(["#/inspections", t("nav_inspections")]);
    links.push(["#/outbox", t("nav_outbox")], ["#/settings", t("nav_settings")]);
    nav.setAttribute("aria-label", language() === "zh" ? "主导航" : "Main");
    clear(
      nav,
      h("ul", {}, links.map(([href, text]) => h("li", {}, h("a", { href, "aria-current": current.startsWith(href) ? "page" : false }, text)))),
    );
  }
}

let leavePage = null;
let routeCount = 0;
async function route() {
  const current = ++routeCount;
  if (leavePage) {
    leavePage();
    leavePage = null;
  }
  const hash = location.hash || "#/";
  const [, page, arg] = hash.match(/^#\/([^/]*)\/?(.*)$/) ?? [];
  refreshShell();
  if (!api.user) {
    if (page !== "login") return navigate("#/login", true);
    return show(loginPage(app));
  }
  // A password an admin reset is changed before anything else.
  if (api.user.mustChangePassword && page !== "settings") return navigate("#/settings", true);
  switch (page) {
    case "report":
      return show(reportPage(app, arg));
    case "todo":
      return show(todoPage(app));
    case "case":
      return show(casePage(app, arg));
    case "outbox":
      return show(outboxPage(app));
    case "settings":
      return show(settingsPage(app));
    case "mediation": {
      const { disputesPage, mediationPage } = await import("./views/mediation.js");
      if (current !== routeCount) return;
      return show(arg ? mediationPage(app, arg) : disputesPage(app));
    }
    case "inspections": {
      const { inspectionsPage } = await import("./views/inspections.js");
      if (current !== routeCount) return;
      return show(inspectionsPage(app));
    }
    case "admin": {
      const { adminPage } = await import("./views/admin.js");
      if (current !== routeCount) return;
      return show(adminPage(app));
    }
    case "figures": {
      const { figuresPage } = await import("./views/figures.js");
      if (current !== routeCount) return;
      return show(figuresPage(app));
    }
    case "project": {
      const { projectPage } = await import("./views/projects.js");
      if (current !== routeCount) return;
      return show(projectPage(app, arg));
    }
    case "board": {
      const { boardPage } = await import("./views/board.js");
      // Another address may have been opened while the board's code loaded.
      if (current !== routeCount) return;
      return show(boardPage(app));
    }
    default: {
      const home = { [Role.SUPERVISOR]: "#/board", [Role.MEDIATOR]: "#/mediation", [Role.ADMIN]: "#/admin" };
      return navigate(home[api.user.role] ?? "#/todo", true);
    }
  }
}

function show(page) {
  leavePage = page.leave ?? null;
  clear(main, page.el);
  main.classList.toggle("wide", page.el.classList.contains("wide"));
  const heading = main.querySelector("h1");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }
}

function navigate(hash, replace = false) {
  if (replace) history.replaceState(null, "", hash);
  else history.pushState(null, "", hash);
  route();
}

window.addEventListener("hashchange", route);
api.addEventListener("status", () => {
  refreshShell();
  if (api.online) outbox.flush();
});
api.addEventListener("signed-out", () => {
  announce(t("session_expired"));
  navigate("#/login", true);
});
outbox.addEventListener("change", refreshShell);
document.addEventListener("gridcase:language", () => {
  setLanguage(language());
  route();
});

if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
}

outbox.load().finally(() => {
  api.start();
  route();
});
