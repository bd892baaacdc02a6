// gridcase-admin: set up and maintain a gridcase database directly (not through the server).
//
//   gridcase-admin [--db PATH] init [--demo]
//   gridcase-admin [--db PATH] import-org FILE.csv
//   gridcase-admin [--db PATH] add-user --username U --password P --role ROLE --scope UNIT_CODE [--name NAME]
//   gridcase-admin [--db PATH] reset-password --username U --password P
//   gridcase-admin [--db PATH] demo
//   gridcase-admin [--db PATH] backup DEST
//   gridcase-admin [--db PATH] compact
//   gridcase-admin demo-logins
//   gridcase-admin copy --from FILE.db --to POSTGRES [--attachments-from DIR] [--attachments-to DIR]
//                       [--chunk-rows N] [--max-chunks N]
//
// PATH may also be a PostgreSQL connection string (postgresql://... or "host=... dbname=...");
// backup and compact are SQLite's only. Acts as the system actor. Exit codes: 0 ok, 1 runtime error, 2 usage,
// 3 copy stopped by --max-chunks (run it again to continue).
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "attachment_copy.hpp"
#include "demo.hpp"
#include "gridcase/engine.hpp"
#include "gridcase/log.hpp"
#include "gridcase/names.hpp"
#include "gridcase/net/sodium_crypto.hpp"
#include "gridcase/storage/open_store.hpp"
#include "gridcase/storage/pg_copy.hpp"
#include "org_import.hpp"

namespace {

using namespace gridcase;

constexpr int kOk = 0;
constexpr int kRuntimeError = 1;
constexpr int kUsage = 2;
constexpr int kCopyStopped = 3;

constexpr const char* kDefaultDb = "./var/gridcase.db";

const char* kUsageText = R"(Usage: gridcase-admin [--db PATH] COMMAND [args]

Commands:
  init [--demo]            create the database or bring its schema up to date; with --demo,
                           load the demo sub-district (新城街道) when the database has no units yet
  demo                     load the demo into an existing database (as init --demo)
  import-org FILE.csv      create org units from CSV: code,parent_code,type,name,case_prefix
                           (type e.g. COMMUNITY, GRID; parents are created first)
  add-user --username U --password P --role ROLE --scope UNIT_CODE [--name NAME]
                           ROLE: grid_worker, mediator, handler, intake_clerk, supervisor, admin
  reset-password --username U --password P
                           set a user's password (for one who forgot theirs, the last admin
                           included): every session of the user ends and they must change it
                           (gridcase passwd) at their next login before anything else
  backup DEST              online backup to DEST (safe while gridcased is running)
  compact                  bring the schema up to date, then give the free space inside the
                           file back to the file system (VACUUM); stop gridcased first
  demo-logins              print the demo accounts (usernames, password, roles, scopes)
  copy --from FILE.db --to POSTGRES [--attachments-to DIR] [--attachments-from DIR]
                           copy a SQLite database into a new, empty PostgreSQL database:
                           every table, in committed chunks (--chunk-rows, default 10000);
                           killed or stopped (--max-chunks N), the same command continues
                           where it stopped. Then the attachment files (from DIR, default
                           FILE.db.attachments, into the folder the servers will share), and a
                           check of every table's rows and SHA-256 on both sides. Stop
                           gridcased on FILE.db first.

Options:
  --db PATH                database file (default ./var/gridcase.db), or a PostgreSQL database:
                           postgresql://USER@HOST/DB or 'host=... dbname=...' (backup and
                           compact are for a SQLite file only; use pg_dump and VACUUM there)
  --help                   this text

Exit codes: 0 ok, 1 runtime error, 2 usage, 3 copy stopped by --max-chunks (run it again).
)";

struct UsageError {
  std::string message;
};

// Command words and options: "--name value", "--name=value" or a flag.
struct CommandLine {
  std::string db = kDefaultDb;
  bool help = false;
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;

  bool flag(const std::string& name) const { return options.count(name) != 0; }
  std::optional<std::string> get(const std::string& name) const {
    auto it = options.find(name);
    if (it == options.end()) return std::nullopt;
    return it->second;
  }
  std::string require(const std::string& name) const {
    auto v = get(name);
    if (!v || v->empty()) throw UsageError{"missing --" + name};
    return *v;
  }
};

CommandLine parse(int argc, char** argv) {
  static const std::map<std::string, bool> kTakesValue = {
      {"db", true},       {"demo", false},     {"help", false}, {"username", true},
      {"password", true}, {"role", true},      {"scope", true}, {"name", true},
      {"from", true},     {"to", true},        {"attachments-from", true}, {"attachments-to", true},
      {"chunk-rows", true}, {"max-chunks", true},
  };
  CommandLine cl;
  for (int i = 1; i < argc; ++i) {
    std::string w = argv[i];
    if (w == "-h") w = "--help";
    if (w.size() < 3 || w.compare(0, 2, "--") != 0) {
      cl.positional.push_back(w);
      continue;
    }
    std::string name = w.substr(2);
    std::optional<std::string> value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    auto spec = kTakesValue.find(name);
    if (spec == kTakesValue.end()) throw UsageError{"unknown option --" + name};
    if (spec->second && !value) {
      if (i + 1 >= argc) throw UsageError{"--" + name + " needs a value"};
      value = argv[++i];
    }
    if (!spec->second && value) throw UsageError{"--" + name + " takes no value"};
    if (name == "db") {
      cl.db = *value;
    } else if (name == "help") {
      cl.help = true;
    } else {
      cl.options[name] = value.value_or("");
    }
  }
  return cl;
}

void expect_positional(const CommandLine& cl, std::size_t count, const char* what) {
  if (cl.positional.size() < count + 1) throw UsageError{std::string("missing ") + what};
  if (cl.positional.size() > count + 1) throw UsageError{"unexpected argument " + cl.positional[count + 1]};
}

void expect_options(const CommandLine& cl, std::initializer_list<const char*> allowed) {
  for (const auto& [name, value] : cl.options) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || name == a;
    if (!ok) throw UsageError{"--" + name + " does not apply to " + cl.positional[0]};
  }
}

// A runtime failure, already explained to the user.
struct Failure {
  std::string message;
};

void check(const Status& s, const std::string& what) {
  if (!s) throw Failure{what + ": " + s.to_string()};
}

// Columns of a terminal a UTF-8 string takes (CJK characters take two).
std::size_t width(const std::string& s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    w += len >= 3 ? 2 : 1;  // three- and four-byte characters here are Chinese
    i += len;
  }
  return w;
}

void print_table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& r : rows) {
    widths.resize(std::max(widths.size(), r.size()), 0);
    for (std::size_t i = 0; i < r.size(); ++i) widths[i] = std::max(widths[i], width(r[i]));
  }
  for (std::size_t n = 0; n < rows.size(); ++n) {
    std::string line;
    for (std::size_t i = 0; i < rows[n].size(); ++i) {
      line += rows[n][i];
      if (i + 1 < rows[n].size()) line.append(widths[i] - width(rows[n][i]) + 2, ' ');
    }
    std::cout << line << '\n';
    if (n == 0) {
      std::string rule;
      for (std::size_t i = 0; i < widths.size(); ++i) rule += std::string(widths[i], '-') + (i + 1 < widths.size() ? "  " : "");
      std::cout << rule << '\n';
    }
  }
}

void print_logins() {
  std::vector<std::vector<std::string>> rows = {{"username", "password", "role", "scope"}};
  for (const auto& l : demo::demo_logins()) {
    rows.push_back({l.username, l.password, std::string(label_zh(l.role)) + " " + name(l.role),
                    l.scope});
  }
  std::cout << "\nDemo logins (every account still has the demo password; change it before real use):\n";
  print_table(rows);
}

// The database and an engine over it, acting as the system actor.
class Admin {
 public:
  Admin(const std::string& path, bool create) {
    storage::StoreOptions options;
    options.sqlite.create_if_missing = create;
    const bool on_postgres = storage::store_kind(path) == storage::StoreKind::kPostgres;
    if (create && !on_postgres) make_parent_dirs(path);
    const std::string label = storage::store_label(path);
    auto store = storage::open_store(path, options);
    if (!store) throw Failure{"cannot open " + label + ": " + store.status().to_string()};
    store_ = std::move(*store);
    engine_ = std::make_unique<Engine>(store_.repo(), crypto_, clock_, nullptr);
    check(engine_->load(), "cannot load " + label);
  }
  ~Admin() {
    engine_.reset();
    store_.close();
  }

  Repository& repo() { return store_.repo(); }
  Engine& engine() { return *engine_; }

  // Loads the demo; false when the database already had units.
  bool load_demo() {
    auto summary = demo::load_demo(store_.repo(), crypto_, clock_.now());
    if (!summary) throw Failure{"loading the demo failed: " + summary.status().to_string()};
    if (!summary->loaded) return false;
    check(engine_->load(), "reloading after the demo");
    std::cout << "Loaded the demo: " << summary->units << " units, " << summary->party_posts
              << " Party posts, " << summary->users << " users, " << summary->cases << " cases, "
              << summary->events << " events, " << summary->projects << " livelihood projects.\n";
    return true;
  }

 private:
  static void make_parent_dirs(const std::string& path) {
    for (std::size_t pos = 1; (pos = path.find('/', pos)) != std::string::npos; ++pos) {
      std::string dir = path.substr(0, pos);
      ::mkdir(dir.c_str(), 0755);  // exists already: fine; other failures show up at open
    }
  }

  net::SodiumCrypto crypto_;
  SystemClock clock_;
  storage::Store store_;
  std::unique_ptr<Engine> engine_;
};

// backup and compact work on a SQLite file; PostgreSQL has its own tools for both.
void refuse_on_postgres(const CommandLine& cl, const std::string& cmd, const char* instead) {
  if (storage::store_kind(cl.db) != storage::StoreKind::kPostgres) return;
  throw UsageError{cmd + " 只适用于 SQLite 数据库文件，PostgreSQL 数据库请用 " + instead + " (" + cmd +
                   " works on a SQLite database file only; for PostgreSQL use " + instead + ")"};
}

int cmd_init(const CommandLine& cl) {
  expect_positional(cl, 0, "");
  expect_options(cl, {"demo"});
  Admin admin(cl.db, true);
  if (storage::store_kind(cl.db) == storage::StoreKind::kPostgres) {
    std::cout << "Database ready: " << storage::store_label(cl.db) << " (PostgreSQL)\n";
  } else {
    std::cout << "Database ready: " << cl.db << " (schema version " << storage::kSchemaVersion << ")\n";
  }
  if (cl.flag("demo")) {
    if (!admin.load_demo()) {
      std::cout << "The database already has an org tree; the demo was not loaded.\n";
      return kOk;
    }
    print_logins();
  }
  return kOk;
}

int cmd_demo(const CommandLine& cl) {
  expect_positional(cl, 0, "");
  expect_options(cl, {});
  Admin admin(cl.db, false);
  if (!admin.load_demo()) {
    std::cout << "The database already has an org tree; the demo was not loaded.\n";
    return kOk;
  }
  print_logins();
  return kOk;
}

int cmd_import_org(const CommandLine& cl) {
  expect_positional(cl, 1, "FILE.csv");
  expect_options(cl, {});
  const std::string& file = cl.positional[1];
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Failure{"cannot read " + file};
  std::ostringstream text;
  text << in.rdbuf();
  Admin admin(cl.db, true);
  admin::ImportReport report = admin::import_org_csv(admin.engine(), text.str());
  for (const auto& p : report.problems) {
    std::cerr << file << ":" << p.line << ": " << p.message << '\n';
  }
  std::cout << "Imported " << report.created << " of " << report.rows << " units from " << file;
  if (!report.problems.empty()) std::cout << "; " << report.problems.size() << " problem(s)";
  std::cout << ".\n";
  return report.problems.empty() ? kOk : kRuntimeError;
}

int cmd_add_user(const CommandLine& cl) {
  expect_positional(cl, 0, "");
  expect_options(cl, {"username", "password", "role", "scope", "name"});
  NewUser nu;
  nu.username = cl.require("username");
  nu.password = cl.require("password");
  nu.display_name = cl.get("name").value_or("");
  auto role = parse_name<Role>(cl.require("role"));
  if (!role || *role == Role::kUnspecified) {
    throw UsageError{"unknown role " + *cl.get("role") +
                     " (grid_worker, mediator, handler, intake_clerk, supervisor, admin)"};
  }
  nu.role = *role;
  const std::string scope = cl.require("scope");
  Admin admin(cl.db, false);
  for (const auto& u : admin.engine().tree()->units()) {
    if (u.code == scope) nu.scope_unit_id = u.id;
  }
  if (nu.scope_unit_id == 0) throw Failure{"no unit with code " + scope};
  auto user = admin.engine().admin().create_user_sync(kSystemActor, nu);
  check(user.status(), "cannot add user " + nu.username);
  std::cout << "Added user " << user->username << " (#" << user->id << "), " << label_zh(user->role)
            << " " << name(user->role) << ", scope " << scope << ".\n";
  return kOk;
}

int cmd_reset_password(const CommandLine& cl) {
  expect_positional(cl, 0, "");
  expect_options(cl, {"username", "password"});
  const std::string username = cl.require("username");
  UserUpdate up;
  up.new_password = cl.require("password");
  Admin admin(cl.db, false);
  Status found = admin.repo().read([&](ReadView& view) {
    auto u = view.get_user_by_name(username);
    if (!u) return u.status();
    up.user_id = u->id;
    return Status{};
  });
  if (found.code() == Code::kNotFound) throw Failure{"no user " + username};
  check(found, "cannot read user " + username);
  auto user = admin.engine().admin().update_user_sync(kSystemActor, up);
  check(user.status(), "cannot reset the password of " + username);
  std::cout << "Reset the password of " << user->username << " (#" << user->id
            << "); every session of theirs ended. They must change it at their next login "
               "(gridcase passwd) before anything else.\n";
  return kOk;
}

int cmd_backup(const CommandLine& cl) {
  expect_positional(cl, 1, "DEST");
  expect_options(cl, {});
  refuse_on_postgres(cl, "backup", "pg_dump");
  const std::string& dest = cl.positional[1];
  storage::SqliteOptions options;
  options.create_if_missing = false;
  options.reader_connections = 1;
  auto repo = storage::SqliteRepository::open(cl.db, options);
  if (!repo) throw Failure{"cannot open " + cl.db + ": " + repo.status().to_string()};
  check((*repo)->backup_to(dest), "backup to " + dest + " failed");
  (*repo)->close();
  std::cout << "Backed up " << cl.db << " to " << dest << ".\n";
  return kOk;
}

int cmd_compact(const CommandLine& cl) {
  expect_positional(cl, 0, "");
  expect_options(cl, {});
  refuse_on_postgres(cl, "compact", "VACUUM");
  auto sizes = storage::SqliteRepository::compact(cl.db);
  check(sizes.status(), "cannot compact " + cl.db + " (is gridcased still running?)");
  std::cout << "Compacted " << cl.db << ": " << sizes->first << " bytes before, " << sizes->second
            << " bytes now.\n";
  return kOk;
}

// "1,234,567"
std::string with_commas(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) digits.insert(static_cast<std::size_t>(at), ",");
  return n < 0 ? "-" + digits : digits;
}

std::int64_t positive_option(const CommandLine& cl, const std::string& name, std::int64_t fallback) {
  auto v = cl.get(name);
  if (!v) return fallback;
  char* end = nullptr;
  const long long n = std::strtoll(v->c_str(), &end, 10);
  if (v->empty() || *end != '\0' || n <= 0) throw UsageError{"--" + name + " 须为正整数 (takes a positive number)"};
  return n;
}

// A refusal of the copy, in one line: the reason's Chinese text, then what exactly.
std::string explain(const Status& s) {
  std::string line = s.reason_entry() != nullptr ? std::string(s.reason_entry()->zh) + "：" : std::string();
  line += s.message() + " (" + s.reason() + ")";
  for (char& c : line) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return line;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string fixed(double v, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
  return buffer;
}

// Progress lines on stderr ("events 1,200,000 / 7,500,000 (16%)"): at most one a second, and
// the last of each table.
class ProgressLines {
 public:
  explicit ProgressLines(std::string verb) : verb_(std::move(verb)) {}
  void operator()(const std::string& what, std::int64_t done, std::int64_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (done < total && what == last_ && now - printed_ < std::chrono::seconds(1)) return;
    last_ = what;
    printed_ = now;
    const std::int64_t percent = total > 0 ? done * 100 / total : 100;
    std::cerr << verb_ << what << " " << with_commas(done) << " / " << with_commas(total) << " (" << percent
              << "%)" << std::endl;
  }

 private:
  std::string verb_;
  std::string last_;
  std::chrono::steady_clock::time_point printed_;
};

int cmd_copy(const CommandLine& cl) {
  expect_positional(cl, 0, "");
  expect_options(cl, {"from", "to", "attachments-from", "attachments-to", "chunk-rows", "max-chunks"});
  const std::string from = cl.require("from");
  const std::string to = cl.require("to");
  if (storage::store_kind(from) != storage::StoreKind::kSqlite) {
    throw UsageError{"--from 须为 SQLite 数据库文件 (--from names the SQLite database file to copy)"};
  }
  if (storage::store_kind(to) != storage::StoreKind::kPostgres) {
    throw UsageError{"--to 须为 PostgreSQL 数据库连接串，如 postgresql://USER@HOST/DB (--to names the PostgreSQL "
                     "database to copy into)"};
  }
  storage::CopyOptions options;
  options.chunk_rows = positive_option(cl, "chunk-rows", options.chunk_rows);
  options.max_chunks = positive_option(cl, "max-chunks", 0);
  const std::string attachments_from = cl.get("attachments-from").value_or(from + ".attachments");
  const auto attachments_to = cl.get("attachments-to");

  auto copier = storage::SqliteToPgCopy::open(from, to);
  if (!copier) throw Failure{explain(copier.status())};
  // Where the files go is settled before any row is copied.
  auto digests = (*copier)->attachment_digests();
  if (!digests) throw Failure{explain(digests.status())};
  if (!digests->empty() && (!attachments_to || attachments_to->empty())) {
    throw Failure{"源数据库有 " + with_commas(static_cast<std::int64_t>(digests->size())) +
                  " 个附件文件：请用 --attachments-to 指定各 PostgreSQL 服务器共用的附件文件夹（gridcased 的 "
                  "--attachments-dir）(the source has attachment files: name the folder the servers will share "
                  "with --attachments-to)"};
  }
  if (attachments_to && *attachments_to == attachments_from) {
    throw UsageError{"--attachments-to 不能与源附件文件夹相同 (--attachments-to is the source's folder)"};
  }

  std::cerr << "复制 (copying) " << from << " -> " << storage::store_label(to) << std::endl;
  ProgressLines copy_progress("");
  options.progress = [&](const std::string& table, std::int64_t done, std::int64_t total) {
    copy_progress(table, done, total);
  };
  const auto copy_start = std::chrono::steady_clock::now();
  auto run = (*copier)->copy(options);
  if (!run) throw Failure{explain(run.status()) + "；已提交的部分保留，再次运行同一命令即可继续 (what was committed stays: "
                          "run the same command again to continue)"};
  const double copy_seconds = seconds_since(copy_start);
  if (!run->complete) {
    std::cout << "已复制 " << with_commas(run->rows) << " 行（" << run->chunks
              << " 块）后按 --max-chunks 停止；再次运行同一命令即可继续 (stopped after " << run->chunks
              << " chunks, as --max-chunks says: run the same command again to continue)\n";
    return kCopyStopped;
  }
  if (run->was_complete) {
    std::cout << "该数据库已复制完成，重新核对 (the copy was complete already: verifying it again)\n";
  } else {
    std::cout << (run->resumed ? "续传完成 (resumed and finished): " : "复制完成 (copied): ") << with_commas(run->rows)
              << " 行 rows in " << fixed(copy_seconds, 1) << " s ("
              << with_commas(static_cast<std::int64_t>(copy_seconds > 0 ? run->rows / copy_seconds : 0))
              << " rows/s)\n";
  }

  admin::AttachmentCopyReport files;
  if (!digests->empty()) {
    ProgressLines file_progress("");
    try {
      files = admin::copy_attachments(*digests, attachments_from, *attachments_to,
                                      [&](std::int64_t done, std::int64_t total) { file_progress("附件 attachments", done, total); });
    } catch (const std::exception& e) {
      throw Failure{std::string(e.what()) + "；再次运行同一命令即可继续 (run the same command again to continue)"};
    }
  }

  const auto verify_start = std::chrono::steady_clock::now();
  ProgressLines verify_progress("核对 verifying ");
  auto checks = (*copier)->verify(admin::new_sha256, [&](const std::string& table, std::int64_t done, std::int64_t total) {
    verify_progress(table, done, total);
  });
  if (!checks) throw Failure{explain(checks.status())};
  const double verify_seconds = seconds_since(verify_start);

  std::vector<std::vector<std::string>> rows = {
      {"表 table", "SQLite 行数 rows", "PostgreSQL 行数 rows", "SHA-256 (SQLite)", "SHA-256 (PostgreSQL)", "结果 result"}};
  bool equal = true;
  for (const auto& c : *checks) {
    equal = equal && c.equal();
    rows.push_back({c.table, with_commas(c.source_rows), with_commas(c.target_rows),
                    c.source_digest.empty() ? "-" : c.source_digest.substr(0, 16),
                    c.target_digest.empty() ? "-" : c.target_digest.substr(0, 16), c.equal() ? "一致 equal" : "不一致 DIFFERENT"});
  }
  if (!digests->empty()) {
    equal = equal && files.ok();
    rows.push_back({"附件文件 attachment files", with_commas(files.files - static_cast<std::int64_t>(files.missing.size() + files.damaged.size())),
                    with_commas(files.verified), "-", "-", files.ok() ? "一致 equal" : "不一致 DIFFERENT"});
  }
  print_table(rows);
  std::cout << "核对用时 (verified in) " << fixed(verify_seconds, 1) << " s";
  if (!digests->empty()) {
    std::cout << "; 附件 attachments: " << with_commas(files.files) << " files, " << with_commas(files.bytes)
              << " bytes (" << files.copied << " copied now, " << files.present << " already there)";
  }
  std::cout << "\n";
  if (!files.missing.empty()) {
    std::cerr << "gridcase-admin: 源附件文件夹 " << attachments_from << " 缺少 " << files.missing.size()
              << " 个附件文件，如 " << files.missing.front() << " (missing in the source folder)\n";
  }
  if (!files.damaged.empty()) {
    std::cerr << "gridcase-admin: " << files.damaged.size() << " 个源附件文件内容与其 SHA-256 不符，如 "
              << files.damaged.front() << " (source files whose bytes do not match their name)\n";
  }
  if (!equal) {
    throw Failure{"核对不一致：目标数据库与源数据库不同（见上表），请勿使用该目标库；若源库在复制期间被改动，请停止服务器后换一个空的"
                  "目标库重新复制 (the copy differs from the source, see the table above: do not use it)"};
  }
  std::cout << "复制并核对完成：每张表的行数和校验和均一致 (copied and verified: every count and checksum is equal). "
               "现在可以用 --db " << storage::store_label(to);
  if (attachments_to) std::cout << " --attachments-dir " << *attachments_to;
  std::cout << " 启动 gridcased.\n";
  return kOk;
}

}  // namespace

int main(int argc, char** argv) {
  // The store's routine notices ("database opened") would only clutter a one-shot tool.
  gridcase::log::set_level(gridcase::log::Level::kWarn);
  try {
    CommandLine cl = parse(argc, argv);
    if (cl.help) {
      std::cout << kUsageText;
      return kOk;
    }
    if (cl.positional.empty()) {
      std::cerr << kUsageText;
      return kUsage;
    }
    const std::string& cmd = cl.positional[0];
    if (cmd == "init") return cmd_init(cl);
    if (cmd == "demo") return cmd_demo(cl);
    if (cmd == "import-org") return cmd_import_org(cl);
    if (cmd == "add-user") return cmd_add_user(cl);
    if (cmd == "reset-password") return cmd_reset_password(cl);
    if (cmd == "backup") return cmd_backup(cl);
    if (cmd == "compact") return cmd_compact(cl);
    if (cmd == "copy") return cmd_copy(cl);
    if (cmd == "demo-logins") {
      expect_positional(cl, 0, "");
      expect_options(cl, {});
      print_logins();
      return kOk;
    }
    if (cmd == "help") {
      std::cout << kUsageText;
      return kOk;
    }
    throw UsageError{"unknown command " + cmd};
  } catch (const UsageError& e) {
    std::cerr << "gridcase-admin: " << e.message << "\nRun gridcase-admin --help for usage.\n";
    return kUsage;
  } catch (const Failure& e) {
    std::cerr << "gridcase-admin: " << e.message << '\n';
    return kRuntimeError;
  } catch (const std::exception& e) {
    std::cerr << "gridcase-admin: " << e.what() << '\n';
    return kRuntimeError;
  }
}
