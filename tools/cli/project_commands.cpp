// projects create | show | list | milestone | update | link | unlink | finish | figures:
// livelihood projects (民生项目, core/gridcase/project.hpp).
#include <cctype>
#include <fstream>
#include <iostream>
#include <sstream>

#include "args.hpp"
#include "cli_error.hpp"
#include "commands.hpp"
#include "enum_args.hpp"
#include "labels.hpp"
#include "messages.hpp"

namespace gridcase::cli {

namespace {

std::int64_t project_id(const Args& args) {
  const std::string text = args.require_positional(0, tr("项目ID", "PROJECT_ID"));
  try {
    std::size_t used = 0;
    const long long id = std::stoll(text, &used);
    if (used == text.size() && id > 0) return id;
  } catch (const std::exception&) {
  }
  throw UsageError(std::string(tr("无效的项目ID ", "invalid project id ")) + text);
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, '|')) out.push_back(part);
  if (!text.empty() && text.back() == '|') out.emplace_back();
  return out;
}

std::int64_t number_in(const std::string& text, const std::string& what) {
  try {
    std::size_t used = 0;
    const long long v = std::stoll(text, &used);
    if (used == text.size()) return v;
  } catch (const std::exception&) {
  }
  throw UsageError(what + tr(" 需要一个整数: ", " needs an integer: ") + text);
}

std::string state_label(v1::ProjectState s) {
  switch (s) {
    case v1::PROJECT_STATE_ACTIVE: return tr("实施中", "active");
    case v1::PROJECT_STATE_FINISHED: return tr("已竣工", "finished");
    default: return tr("未知", "unknown");
  }
}

v1::ProjectState parse_state(const std::string& text) {
  if (text == "active" || text == "实施中") return v1::PROJECT_STATE_ACTIVE;
  if (text == "finished" || text == "已竣工") return v1::PROJECT_STATE_FINISHED;
  throw UsageError(std::string(tr("--state 应为 active 或 finished: ", "--state is active or finished: ")) + text);
}

// The media type a photo's name says; the server checks its content.
std::string photo_type(const std::string& path) {
  auto ends = [&](const char* ext) {
    const std::string e(ext);
    if (path.size() < e.size()) return false;
    std::string tail = path.substr(path.size() - e.size());
    for (auto& ch : tail) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return tail == e;
  };
  if (ends(".jpg") || ends(".jpeg")) return "image/jpeg";
  if (ends(".png")) return "image/png";
  if (ends(".webp")) return "image/webp";
  throw UsageError(std::string(tr("照片须为 .jpg、.png 或 .webp 文件: ", "a photo is a .jpg, .png or .webp file: ")) +
                   path);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(std::string(tr("无法读取文件 ", "cannot read ")) + path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::string yuan(std::int64_t v) { return std::to_string(v) + tr(" 元", " yuan"); }

void print_summary(Client& client, const v1::Project& p) {
  std::cout << "#" << p.id() << "  [" << label(p.colour()) << "]  " << p.name() << "  " << state_label(p.state())
            << "  " << tr("责任单位 ", "unit ") << client.unit_name(p.unit_id()) << "  " << tr("预算 ", "budget ")
            << yuan(p.budget_yuan()) << "  " << tr("开工 ", "start ") << p.start_date();
  if (!p.finished_date().empty()) std::cout << "  " << tr("竣工 ", "finished ") << p.finished_date();
  int reached = 0;
  for (const auto& m : p.milestones()) reached += m.actual_date().empty() ? 0 : 1;
  std::cout << "  " << tr("节点 ", "milestones ") << reached << "/" << p.milestones_size() << "  "
            << tr("关联投诉 ", "complaints ") << p.complaints_linked() << '\n';
}

void print_project(Client& client, const v1::Project& p) {
  print_summary(client, p);
  std::int64_t households = 0;
  for (const auto& e : p.estates()) households += e.households();
  std::cout << tr("服务小区: ", "Estates: ");
  for (int i = 0; i < p.estates_size(); ++i) {
    const auto& e = p.estates(i);
    std::cout << (i ? "；" : "") << e.name() << "（" << client.unit_name(e.unit_id()) << "，" << e.households()
              << tr("户", " households") << "）";
  }
  std::cout << "  " << tr("合计 ", "total ") << households << tr(" 户", " households") << '\n';
  std::cout << tr("节点:", "Milestones:") << '\n';
  for (const auto& m : p.milestones()) {
    std::cout << "  " << m.id() << ". [" << label(m.colour()) << "] " << m.name() << "  " << tr("计划 ", "planned ")
              << m.planned_date();
    if (m.due_date() != m.planned_date()) std::cout << tr("（顺延至 ", " (due ") << m.due_date() << tr("）", ")");
    if (!m.actual_date().empty()) {
      std::cout << "  " << tr("实际 ", "actual ") << m.actual_date()
                << (m.late() ? tr("（逾期完成）", " (late)") : tr("（按期完成）", " (on time)"));
    } else if (m.late()) {
      std::cout << "  " << tr("已逾期", "overdue");
    }
    if (m.provisional()) std::cout << tr("  （日历未载入，日期暂定）", "  (provisional: calendar missing)");
    std::cout << '\n';
  }
  if (p.milestones().empty()) std::cout << tr("  （无节点）", "  (none)") << '\n';
  std::cout << tr("进展:", "Updates:") << '\n';
  for (const auto& u : p.updates()) {
    std::cout << "  " << format_time(u.at()) << "  " << u.note();
    if (u.photos_size() > 0) std::cout << "  " << tr("照片 ", "photos ") << u.photos_size();
    std::cout << '\n';
    for (const auto& ph : u.photos()) {
      std::cout << "    " << ph.file_name() << "  " << ph.media_type() << "  " << ph.size() << " B  " << ph.sha256()
                << '\n';
    }
  }
  if (p.updates().empty()) std::cout << tr("  （无进展）", "  (none)") << '\n';
  std::cout << tr("关联投诉:", "Linked complaints:") << '\n';
  for (const auto& c : p.complaints()) {
    std::cout << "  " << (c.number().empty() ? std::to_string(c.case_id()) : c.number()) << "  " << c.title();
    if (c.state() != v1::CASE_STATE_UNSPECIFIED) std::cout << "  " << label(c.state());
    if (c.created_at() != 0) std::cout << "  " << tr("登记 ", "registered ") << format_time(c.created_at());
    std::cout << '\n';
  }
  if (p.complaints_outside_scope() > 0) {
    std::cout << "  " << tr("另有 ", "and ") << p.complaints_outside_scope()
              << tr(" 件不在您的辖区内", " outside your scope") << '\n';
  }
  if (p.complaints().empty() && p.complaints_outside_scope() == 0) std::cout << tr("  （无）", "  (none)") << '\n';
}

v1::Reply send_command(Client& client, v1::ProjectCommandRequest cmd, const Args& args) {
  cmd.set_request_id(args.value_or("request-id", new_request_id()));
  cmd.set_expected_version(args.integer("version").value_or(0));
  v1::ClientFrame frame;
  *frame.mutable_project_command() = std::move(cmd);
  return client.authed_call(std::move(frame));
}

int answer_project(Client& client, const v1::Reply& reply, const char* done_zh, const char* done_en) {
  client.emit(reply.project(), [&] {
    std::cout << tr(done_zh, done_en) << '\n';
    print_project(client, reply.project().project());
  });
  return kExitOk;
}

}  // namespace

const std::vector<std::string>& project_words() {
  static const std::vector<std::string> words = {"create", "show",   "list",   "milestone", "update",
                                                 "link",   "unlink", "finish", "figures"};
  return words;
}

int project_command(Client& client, const std::string& verb, const Words& words) {
  v1::ClientFrame frame;
  if (verb == "create") {
    Args args = Args::parse(words, {{"name"}, {"unit"}, {"start"}, {"budget"}, {"estate", true, true},
                                    {"milestone", true, true}, {"request-id"}});
    args.expect_at_most(0);
    v1::ProjectCommandRequest cmd;
    cmd.set_action(v1::ACTION_CREATE_PROJECT);
    cmd.set_name(args.require("name"));
    cmd.set_unit_id(number_in(args.require("unit"), "--unit"));
    cmd.set_start_date(args.require("start"));
    cmd.set_budget_yuan(args.has("budget") ? number_in(args.require("budget"), "--budget") : 0);
    for (const auto& text : args.values("estate")) {
      const auto parts = split(text);
      if (parts.size() != 3) {
        throw UsageError(tr("--estate 格式: '小区名称|所在单位ID|户数'", "--estate is 'ESTATE|UNIT_ID|HOUSEHOLDS'"));
      }
      auto* e = cmd.add_estates();
      e->set_name(parts[0]);
      e->set_unit_id(number_in(parts[1], "--estate"));
      e->set_households(number_in(parts[2], "--estate"));
    }
    for (const auto& text : args.values("milestone")) {
      const auto parts = split(text);
      if (parts.size() != 2) {
        throw UsageError(tr("--milestone 格式: '节点名称|计划日期'", "--milestone is 'NAME|PLANNED_DATE'"));
      }
      auto* m = cmd.add_milestones();
      m->set_name(parts[0]);
      m->set_planned_date(parts[1]);
    }
    return answer_project(client, send_command(client, std::move(cmd), args), "已立项", "Created");
  }
  if (verb == "show") {
    Args args = Args::parse(words, {});
    args.expect_at_most(1);
    frame.mutable_get_project()->set_project_id(project_id(args));
    v1::Reply reply = client.authed_call(std::move(frame));
    client.emit(reply.project(), [&] { print_project(client, reply.project().project()); });
    return kExitOk;
  }
  if (verb == "list") {
    Args args = Args::parse(words, {{"unit"}, {"state"}});
    args.expect_at_most(0);
    auto* r = frame.mutable_list_projects();
    r->set_unit_id(args.integer("unit").value_or(0));
    if (auto state = args.value("state")) r->set_state(parse_state(*state));
    v1::Reply reply = client.authed_call(std::move(frame));
    client.emit(reply.projects(), [&] {
      for (const auto& p : reply.projects().projects()) print_summary(client, p);
      if (reply.projects().projects().empty()) std::cout << tr("（无民生项目）", "(no projects)") << '\n';
    });
    return kExitOk;
  }
  if (verb == "milestone") {
    Args args = Args::parse(words, {{"add", false}, {"edit"}, {"done"}, {"name"}, {"date"}, {"version"},
                                    {"request-id"}});
    args.expect_at_most(1);
    const int modes = (args.has("add") ? 1 : 0) + (args.has("edit") ? 1 : 0) + (args.has("done") ? 1 : 0);
    if (modes != 1) {
      throw UsageError(tr("节点操作需要 --add、--edit 节点ID 或 --done 节点ID（三选一）",
                          "milestone needs one of --add, --edit ID, --done ID"));
    }
    v1::ProjectCommandRequest cmd;
    cmd.set_project_id(project_id(args));
    if (args.has("done")) {
      cmd.set_action(v1::ACTION_COMPLETE_MILESTONE);
      cmd.set_milestone_id(static_cast<std::int32_t>(number_in(args.require("done"), "--done")));
      cmd.set_date(args.value_or("date", ""));
      return answer_project(client, send_command(client, std::move(cmd), args), "节点已完成", "Milestone reached");
    }
    cmd.set_action(v1::ACTION_SET_MILESTONE);
    if (args.has("edit")) cmd.set_milestone_id(static_cast<std::int32_t>(number_in(args.require("edit"), "--edit")));
    cmd.set_milestone_name(args.value_or("name", ""));
    cmd.set_planned_date(args.value_or("date", ""));
    return answer_project(client, send_command(client, std::move(cmd), args), "节点已保存", "Milestone saved");
  }
  if (verb == "update") {
    Args args = Args::parse(words, {{"note"}, {"photo", true, true}, {"version"}, {"request-id"}});
    args.expect_at_most(1);
    v1::ProjectCommandRequest cmd;
    cmd.set_action(v1::ACTION_PROJECT_UPDATE);
    cmd.set_project_id(project_id(args));
    cmd.set_note(args.require("note"));
    for (const auto& path : args.values("photo")) {
      auto* ph = cmd.add_photos();
      ph->set_media_type(photo_type(path));
      const auto slash = path.find_last_of('/');
      ph->set_file_name(slash == std::string::npos ? path : path.substr(slash + 1));
      ph->set_content(read_file(path));
    }
    return answer_project(client, send_command(client, std::move(cmd), args), "进展已记录", "Update recorded");
  }
  if (verb == "link" || verb == "unlink") {
    Args args = Args::parse(words, {{"version"}, {"request-id"}});
    args.expect_at_most(2);
    v1::ProjectCommandRequest cmd;
    cmd.set_action(verb == "link" ? v1::ACTION_LINK_COMPLAINT : v1::ACTION_UNLINK_COMPLAINT);
    cmd.set_project_id(project_id(args));
    cmd.set_case_id(case_id_of(client, args.require_positional(1, tr("案件编号或ID", "CASE_ID_OR_NUMBER"))));
    return answer_project(client, send_command(client, std::move(cmd), args),
                          verb == "link" ? "投诉已关联" : "已取消关联", verb == "link" ? "Linked" : "Unlinked");
  }
  if (verb == "finish") {
    Args args = Args::parse(words, {{"date"}, {"version"}, {"request-id"}});
    args.expect_at_most(1);
    v1::ProjectCommandRequest cmd;
    cmd.set_action(v1::ACTION_FINISH_PROJECT);
    cmd.set_project_id(project_id(args));
    cmd.set_date(args.value_or("date", ""));
    return answer_project(client, send_command(client, std::move(cmd), args), "项目已竣工", "Project finished");
  }
  if (verb == "figures") {
    Args args = Args::parse(words, {{"unit"}});
    args.expect_at_most(0);
    frame.mutable_get_project_figures()->set_unit_id(args.integer("unit").value_or(0));
    v1::Reply reply = client.authed_call(std::move(frame));
    const auto& f = reply.project_figures();
    client.emit(f, [&] {
      std::cout << tr("民生项目 ", "Projects ") << f.total() << tr(" 个：按期推进 ", ": on time ") << f.on_time()
                << tr("，滞后 ", ", late ") << f.late() << tr("，已竣工 ", ", done ") << f.done() << '\n';
      std::cout << tr("项目  状态  关联投诉（竣工前/竣工后）", "project  state  complaints (before/after completion)")
                << '\n';
      for (const auto& row : f.projects()) {
        std::cout << "  #" << row.project_id() << " " << row.name() << "  " << state_label(row.state()) << " ["
                  << label(row.colour()) << "]  " << row.complaints_before() << "/" << row.complaints_after() << '\n';
      }
    });
    return kExitOk;
  }
  throw UsageError(std::string(tr("未知的 projects 子命令 ", "unknown projects subcommand ")) + verb);
}

}  // namespace gridcase::cli
