// cases duplicates | link | unlink | unmerge | related, attach | attachments | download,
// categories evidence: one matter from many sources, and the evidence on cases.
#include <sodium.h>

#include <algorithm>
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
#include "output.hpp"

namespace gridcase::cli {

namespace {

std::string hex(const unsigned char* bytes, std::size_t n) {
  static const char* const kDigits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 0xF];
  }
  return out;
}

std::string sha256_of(const std::string& bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return hex(digest, sizeof digest);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(std::string(tr("无法读取文件 ", "cannot read file ")) + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A media type guessed from the file name's extension.
std::string guess_type(const std::string& path) {
  const auto dot = path.rfind('.');
  std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
  for (auto& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "png") return "image/png";
  if (ext == "webp") return "image/webp";
  if (ext == "heic") return "image/heic";
  if (ext == "pdf") return "application/pdf";
  if (ext == "mp3") return "audio/mpeg";
  if (ext == "m4a") return "audio/mp4";
  if (ext == "wav") return "audio/wav";
  if (ext == "amr") return "audio/amr";
  if (ext == "mp4") return "video/mp4";
  if (ext == "txt") return "text/plain";
  return "application/octet-stream";
}

std::string base_name(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

double parse_double(const std::string& text, const char* option) {
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (used == text.size()) return v;
  } catch (const std::exception&) {
  }
  throw UsageError(std::string("--") + option + " " + text);
}

void print_attachment(Client& client, const v1::Attachment& a) {
  std::cout << "#" << a.id() << "  " << a.file_name() << "  " << a.media_type() << "  " << a.size()
            << tr(" 字节", " bytes") << "  " << format_time(a.uploaded_at()) << "  " << client.user_name(a.uploaded_by())
            << '\n';
  std::cout << "    sha256 " << a.sha256() << '\n';
  if (a.has_coordinates()) std::cout << "    " << tr("位置 ", "at ") << a.lat() << ", " << a.lon() << '\n';
  if (a.captured_at() != 0) std::cout << "    " << tr("拍摄时间 ", "captured ") << format_time(a.captured_at()) << '\n';
  if (!a.note().empty()) std::cout << "    " << a.note() << '\n';
}

int duplicates(Client& client, const Words& words) {
  Args args = Args::parse(words, {{"kind"}, {"category"}, {"unit"}, {"address"}, {"id-number", true, true},
                                  {"matter"}, {"title"}, {"description"}, {"limit"}});
  args.expect_at_most(1);
  v1::FindDuplicatesRequest req;
  if (!args.positional().empty()) {
    req.set_case_id(case_id_of(client, args.positional()[0]));
  } else {
    req.set_kind(parse_enum<v1::CaseKind>(args.require("kind"), "kind"));
    req.set_category_code(args.require("category"));
    req.mutable_location()->set_unit_id(args.integer("unit").value_or(0));
    req.mutable_location()->set_address(args.value_or("address", ""));
    for (const auto& n : args.values("id-number")) req.add_id_numbers(n);
    req.set_matter(args.value_or("matter", ""));
    req.set_title(args.value_or("title", ""));
    req.set_description(args.value_or("description", ""));
  }
  if (auto n = args.integer("limit")) req.set_limit(static_cast<int>(*n));
  v1::ClientFrame frame;
  *frame.mutable_find_duplicates() = req;
  v1::Reply reply = client.authed_call(std::move(frame));
  const auto& found = reply.duplicates();
  client.emit(found, [&] {
    if (found.cases_size() == 0) {
      std::cout << tr("未发现疑似重复的案件。", "No likely duplicates.") << '\n';
      return;
    }
    std::cout << tr("疑似重复（同一事项）的案件:", "Likely duplicates (the same matter):") << '\n';
    Table table({tr("编号", "Number"), "ID", tr("标题", "Title"), tr("状态", "State"), tr("登记时间", "Registered"),
                 tr("地址", "Address")});
    for (const auto& c : found.cases()) {
      table.add({c.number(), std::to_string(c.id()), c.title(), label(c.state()), format_time(c.created_at()),
                 c.location().address()});
    }
    table.print(std::cout);
  });
  return kExitOk;
}

v1::ActionHeader header_of(Client& client, const Args& args, const std::string& ref) {
  v1::ActionHeader h;
  h.set_request_id(args.value_or("request-id", new_request_id()));
  h.set_case_id(case_id_of(client, ref));
  h.set_expected_version(args.integer("version").value_or(0));
  h.set_reason(args.value_or("reason", ""));
  return h;
}

void print_step(const v1::CaseResponse& r) {
  const v1::Case& c = r.case_();
  std::cout << c.number() << "  ";
  if (r.events_size() > 0) {
    std::cout << label(r.events(0).action()) << tr(" 完成", " done");
  }
  std::cout << "  " << label(c.state()) << "  v" << c.version() << '\n';
  if (r.replayed()) std::cout << tr("（重复请求：返回首次结果，未作更改）", "(replayed: nothing changed)") << '\n';
}

// cases link|unlink A B [--reason R] [--version V]; cases unmerge ID [--reason R] [--version V]
int relate(Client& client, const std::string& verb, const Words& words) {
  Args args = Args::parse(words, {{"reason"}, {"version"}, {"request-id"}});
  const bool unmerge = verb == "unmerge";
  args.expect_at_most(unmerge ? 1 : 2);
  const auto header = header_of(client, args, args.require_positional(0, tr("案件编号或ID", "ID_OR_NUMBER")));
  v1::ClientFrame frame;
  if (unmerge) {
    *frame.mutable_unmerge_case()->mutable_header() = header;
  } else {
    const auto other = case_id_of(client, args.require_positional(1, tr("另一案件编号或ID", "OTHER_ID_OR_NUMBER")));
    auto* r = verb == "link" ? frame.mutable_link_cases() : frame.mutable_unlink_cases();
    *r->mutable_header() = header;
    r->set_other_case_id(other);
  }
  v1::Reply reply = client.authed_call(std::move(frame));
  const auto& r = reply.case_result();
  client.emit(r, [&] { print_step(r); });
  return kExitOk;
}

int related(Client& client, const Words& words) {
  Args args = Args::parse(words, {});
  args.expect_at_most(1);
  v1::ClientFrame frame;
  frame.mutable_get_related_cases()->set_case_id(
      case_id_of(client, args.require_positional(0, tr("案件编号或ID", "ID_OR_NUMBER"))));
  v1::Reply reply = client.authed_call(std::move(frame));
  const auto& rel = reply.related_cases();
  client.emit(rel, [&] {
    auto show = [&](const char* zh, const char* en, const google::protobuf::RepeatedPtrField<v1::Case>& cases) {
      std::cout << tr(zh, en) << ": " << (cases.empty() ? tr("无", "none") : "") << '\n';
      for (const auto& c : cases) {
        std::cout << "  " << c.number() << "  #" << c.id() << "  " << c.title() << "  " << label(c.state()) << '\n';
      }
    };
    show("关联案件", "Linked cases", rel.linked());
    show("并入本案的案件", "Cases merged into it", rel.merged());
  });
  return kExitOk;
}

int attach(Client& client, const Words& words) {
  Args args = Args::parse(words, {{"type"}, {"note"}, {"name"}, {"lat"}, {"lon"}, {"captured-at"}, {"sha256"},
                                  {"request-id"}});
  args.expect_at_most(2);
  const std::int64_t id = case_id_of(client, args.require_positional(0, tr("案件编号或ID", "ID_OR_NUMBER")));
  const std::string path = args.require_positional(1, tr("文件", "FILE"));
  const std::string bytes = read_file(path);

  v1::BeginUploadRequest begin;
  begin.set_request_id(args.value_or("request-id", new_request_id()));
  begin.set_case_id(id);
  begin.set_size(static_cast<std::int64_t>(bytes.size()));
  begin.set_media_type(args.value_or("type", guess_type(path)));
  // --sha256 declares a digest computed elsewhere (the capturing device's); the server checks it.
  begin.set_sha256(args.value_or("sha256", sha256_of(bytes)));
  begin.set_file_name(args.value_or("name", base_name(path)));
  begin.set_note(args.value_or("note", ""));
  if (args.has("lat") || args.has("lon")) {
    begin.set_has_coordinates(true);
    begin.set_lat(parse_double(args.require("lat"), "lat"));
    begin.set_lon(parse_double(args.require("lon"), "lon"));
  }
  if (auto at = args.integer("captured-at")) begin.set_captured_at(*at);

  v1::ClientFrame frame;
  *frame.mutable_begin_upload() = begin;
  v1::Reply started = client.authed_call(std::move(frame));
  const std::string upload_id = started.upload_started().upload_id();
  const std::size_t chunk = static_cast<std::size_t>(std::max(1, started.upload_started().max_chunk_bytes()));
  for (std::size_t offset = 0; offset < bytes.size(); offset += chunk) {
    v1::ClientFrame part;
    auto* c = part.mutable_upload_chunk();
    c->set_upload_id(upload_id);
    c->set_offset(static_cast<std::int64_t>(offset));
    c->set_data(bytes.substr(offset, chunk));
    client.authed_call(std::move(part));
  }
  v1::ClientFrame finish;
  finish.mutable_finish_upload()->set_upload_id(upload_id);
  v1::Reply done = client.authed_call(std::move(finish));
  const auto& r = done.attachment();
  client.emit(r, [&] {
    std::cout << tr("已上传附件 ", "Attached ") << "#" << r.attachment().id() << tr(" 到案件 #", " to case #")
              << r.attachment().case_id() << " (" << r.attachment().size() << tr(" 字节, sha256 已核对)", " bytes, sha256 checked)")
              << '\n';
    if (r.replayed()) std::cout << tr("（重复请求：返回首次结果，未作更改）", "(replayed: nothing changed)") << '\n';
  });
  return kExitOk;
}

int attachments(Client& client, const Words& words) {
  Args args = Args::parse(words, {});
  args.expect_at_most(1);
  v1::ClientFrame frame;
  frame.mutable_list_attachments()->set_case_id(
      case_id_of(client, args.require_positional(0, tr("案件编号或ID", "ID_OR_NUMBER"))));
  v1::Reply reply = client.authed_call(std::move(frame));
  const auto& list = reply.attachments();
  client.emit(list, [&] {
    if (list.attachments_size() == 0) {
      std::cout << tr("没有附件。", "No attachments.") << '\n';
      return;
    }
    for (const auto& a : list.attachments()) print_attachment(client, a);
  });
  return kExitOk;
}

int download(Client& client, const Words& words) {
  Args args = Args::parse(words, {{"out"}});
  args.expect_at_most(1);
  const auto id = parse_int(args.require_positional(0, tr("附件ID", "ATTACHMENT_ID")));
  if (!id || *id <= 0) throw UsageError(tr("附件ID应为正整数", "the attachment id is a positive number"));
  std::string bytes;
  v1::Attachment meta;
  for (;;) {
    v1::ClientFrame frame;
    frame.mutable_read_attachment()->set_attachment_id(*id);
    frame.mutable_read_attachment()->set_offset(static_cast<std::int64_t>(bytes.size()));
    v1::Reply reply = client.authed_call(std::move(frame));
    const auto& chunk = reply.attachment_chunk();
    meta = chunk.attachment();
    bytes += chunk.data();
    if (chunk.last() || chunk.data().empty()) break;
  }
  if (sha256_of(bytes) != meta.sha256()) {
    throw CliError(kExitServerError,
                   tr("下载内容的 sha256 与记录不符", "the downloaded bytes do not match the recorded sha256"));
  }
  const std::string out = args.value_or("out", meta.file_name().empty() ? "attachment-" + std::to_string(*id) : meta.file_name());
  std::ofstream file(out, std::ios::binary);
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!file) throw CliError(kExitServerError, std::string(tr("无法写入 ", "cannot write ")) + out);
  client.emit(meta, [&] {
    std::cout << tr("已下载附件 #", "Downloaded attachment #") << meta.id() << tr(" 到 ", " to ") << out << " ("
              << bytes.size() << tr(" 字节, sha256 已核对)", " bytes, sha256 checked)") << '\n';
  });
  return kExitOk;
}

int category_evidence(Client& client, const Words& words) {
  Args args = Args::parse(words, {{"required", false}, {"not-required", false}});
  args.expect_at_most(1);
  const std::string code = args.require_positional(0, tr("类别代码", "CATEGORY_CODE"));
  if (args.has("required") == args.has("not-required")) {
    throw UsageError(tr("请给出 --required 或 --not-required", "give --required or --not-required"));
  }
  v1::ClientFrame frame;
  frame.mutable_set_category_evidence()->set_category_code(code);
  frame.mutable_set_category_evidence()->set_required(args.has("required"));
  v1::Reply reply = client.authed_call(std::move(frame));
  const auto& c = reply.category().category();
  client.emit(reply.category(), [&] {
    std::cout << c.code() << " " << c.name() << ": "
              << (c.evidence_required() ? tr("办结前须上传证据附件", "evidence required before resolving")
                                        : tr("办结不要求证据附件", "no evidence required"))
              << '\n';
  });
  return kExitOk;
}

}  // namespace

int evidence_command(Client& client, const std::string& verb, const Words& words) {
  if (sodium_init() < 0) throw CliError(kExitServerError, "libsodium failed to initialise");
  if (verb == "duplicates") return duplicates(client, words);
  if (verb == "attach") return attach(client, words);
  if (verb == "attachments") return attachments(client, words);
  if (verb == "download") return download(client, words);
  if (verb == "evidence") return category_evidence(client, words);
  if (verb == "link" || verb == "unlink" || verb == "unmerge") return relate(client, verb, words);
  if (verb == "related") return related(client, words);
  throw UsageError(std::string(tr("未知命令 ", "unknown command ")) + verb);
}

}  // namespace gridcase::cli
