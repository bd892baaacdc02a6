// Attachments over real sockets: chunked upload and download, checksum and limits, permission;
// the evidence a category requires; duplicate suggestions.
#include <filesystem>
#include <fstream>

#include "frames.hpp"
#include "live_server.hpp"
#include "sha256.hpp"

using namespace gridcase;
using namespace gridcase::testing;
namespace fs = std::filesystem;

namespace {

// A JPEG as its magic numbers say (what the store checks), then bytes that look like nothing
// in particular, every value of a byte included.
std::string photo_bytes(std::size_t n) {
  static const std::string kJpeg("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00", 14);
  std::string out(n, '\0');
  for (std::size_t i = 0; i < n; ++i) out[i] = i < kJpeg.size() ? kJpeg[i] : static_cast<char>((i * 131 + i / 7) & 0xFF);
  return out;
}

net::AttachmentLimits small_limits() {
  net::AttachmentLimits l;
  l.max_bytes = 10000;
  l.chunk_bytes = 1024;
  l.media_types = {"image/jpeg", "application/pdf"};
  return l;
}

std::int64_t create_case(WsClient& c, std::int64_t unit, const std::string& rid) {
  auto r = c.call(frames::create_case(rid, unit));
  INFO(r.error().reason() << ": " << r.error().message());
  REQUIRE(r.has_case_result());
  return r.case_result().case_().id();
}

v1::ClientFrame begin(const std::string& rid, std::int64_t case_id, const std::string& bytes,
                      const std::string& sha, const std::string& type = "image/jpeg") {
  v1::ClientFrame f;
  auto* b = f.mutable_begin_upload();
  b->set_request_id(rid);
  b->set_case_id(case_id);
  b->set_size(static_cast<std::int64_t>(bytes.size()));
  b->set_media_type(type);
  b->set_sha256(sha);
  b->set_file_name("after.jpg");
  b->set_note("整改后照片");
  b->set_has_coordinates(true);
  b->set_lat(39.9);
  b->set_lon(116.4);
  b->set_captured_at(1773626300000);
  return f;
}

v1::ClientFrame chunk(const std::string& upload, std::int64_t offset, const std::string& data) {
  v1::ClientFrame f;
  f.mutable_upload_chunk()->set_upload_id(upload);
  f.mutable_upload_chunk()->set_offset(offset);
  f.mutable_upload_chunk()->set_data(data);
  return f;
}

v1::ClientFrame finish(const std::string& upload) {
  v1::ClientFrame f;
  f.mutable_finish_upload()->set_upload_id(upload);
  return f;
}

std::string started(const v1::Reply& r) {
  INFO(r.error().reason() << ": " << r.error().message());
  REQUIRE(r.has_upload_started());
  return r.upload_started().upload_id();
}

// Uploads `bytes` in chunks of `size`; returns the finish reply.
v1::Reply upload(WsClient& c, const std::string& rid, std::int64_t case_id, const std::string& bytes,
                 std::size_t size = 1000, std::string sha = "") {
  if (sha.empty()) sha = sha256_hex(bytes);
  const std::string id = started(c.call(begin(rid, case_id, bytes, sha)));
  for (std::size_t off = 0; off < bytes.size(); off += size) {
    auto r = c.call(chunk(id, static_cast<std::int64_t>(off), bytes.substr(off, size)));
    INFO(r.error().reason() << ": " << r.error().message());
    REQUIRE(r.has_upload_progress());
    CHECK(r.upload_progress().received() == static_cast<std::int64_t>(std::min(bytes.size(), off + size)));
  }
  return c.call(finish(id));
}

v1::ClientFrame list_attachments(std::int64_t case_id) {
  v1::ClientFrame f;
  f.mutable_list_attachments()->set_case_id(case_id);
  return f;
}

v1::ClientFrame read_attachment(std::int64_t id, std::int64_t offset) {
  v1::ClientFrame f;
  f.mutable_read_attachment()->set_attachment_id(id);
  f.mutable_read_attachment()->set_offset(offset);
  return f;
}

std::size_t files_in(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) n += e.is_regular_file() ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("over a socket an attachment is uploaded in chunks, stored by its SHA-256, listed and downloaded "
          "by whoever may see the case") {
  LiveServer s({}, nullptr, small_limits());
  auto worker = s.client("grid_a");
  const auto id = create_case(*worker, s.org.grid_a, "c1");
  const std::string bytes = photo_bytes(2500);
  const std::string sha = sha256_hex(bytes);

  auto done = upload(*worker, "u1", id, bytes);
  INFO(done.error().reason() << ": " << done.error().message());
  REQUIRE(done.has_attachment());
  const auto& a = done.attachment().attachment();
  CHECK(a.sha256() == sha);
  CHECK(a.size() == 2500);
  CHECK(a.uploaded_by() == s.org.worker_a);
  CHECK(a.has_coordinates());
  CHECK(done.attachment().event().action() == v1::ACTION_ATTACH);

  const fs::path root = s.dir.path() / "gridcase.db.attachments";
  const fs::path stored = root / sha.substr(0, 2) / sha.substr(2);
  REQUIRE(fs::is_regular_file(stored));
  CHECK(fs::file_size(stored) == 2500);
  CHECK(files_in(root / "tmp") == 0);

  auto sup = s.client("supervisor");
  auto listed = sup->call(list_attachments(id));
  REQUIRE(listed.has_attachments());
  REQUIRE(listed.attachments().attachments_size() == 1);
  CHECK(listed.attachments().attachments(0).note() == "整改后照片");

  std::string got;
  for (int guard = 0; guard < 10; ++guard) {
    auto r = sup->call(read_attachment(a.id(), static_cast<std::int64_t>(got.size())));
    INFO(r.error().reason() << ": " << r.error().message());
    REQUIRE(r.has_attachment_chunk());
    CHECK(r.attachment_chunk().data().size() <= 1024);
    got += r.attachment_chunk().data();
    if (r.attachment_chunk().last()) break;
  }
  CHECK(got == bytes);

  SECTION("a user outside the subtree can neither list nor download") {
    auto other = s.client("grid_b");
    CHECK(other->call(list_attachments(id)).error().reason() == "CASE_NOT_FOUND");
    auto r = other->call(read_attachment(a.id(), 0));
    CHECK(r.error().code() == static_cast<int>(Code::kNotFound));
    CHECK(r.error().reason() == "ATTACHMENT_NOT_FOUND");
    CHECK(other->call(begin("u-b", id, bytes, sha)).error().reason() == "CASE_NOT_FOUND");
  }
  SECTION("the same content again is stored once; a resent request replays") {
    auto again = upload(*worker, "u2", id, bytes);
    REQUIRE(again.has_attachment());
    CHECK_FALSE(again.attachment().replayed());
    auto resent = upload(*worker, "u2", id, bytes);
    REQUIRE(resent.has_attachment());
    CHECK(resent.attachment().replayed());
    CHECK(resent.attachment().attachment().id() == again.attachment().attachment().id());
    CHECK(sup->call(list_attachments(id)).attachments().attachments_size() == 2);
    CHECK(files_in(root) == 1);
  }
}

TEST_CASE("over a socket a damaged upload is refused and leaves nothing behind") {
  LiveServer s({}, nullptr, small_limits());
  auto worker = s.client("grid_a");
  const auto id = create_case(*worker, s.org.grid_a, "c1");
  const fs::path root = s.dir.path() / "gridcase.db.attachments";
  const std::string bytes = photo_bytes(3000);

  SECTION("checksum mismatch") {
    auto r = upload(*worker, "u1", id, bytes, 1000, sha256_hex("something else"));
    CHECK(r.error().code() == static_cast<int>(Code::kInvalidArgument));
    CHECK(r.error().reason() == "CHECKSUM_MISMATCH");
  }
  SECTION("a missing chunk") {
    const std::string up = started(worker->call(begin("u1", id, bytes, sha256_hex(bytes))));
    REQUIRE(worker->call(chunk(up, 0, bytes.substr(0, 1000))).has_upload_progress());
    auto r = worker->call(chunk(up, 2000, bytes.substr(2000, 1000)));
    CHECK(r.error().reason() == "BAD_OFFSET");
    // The upload is gone: nothing more is taken for it.
    CHECK(worker->call(chunk(up, 1000, bytes.substr(1000, 1000))).error().reason() == "UPLOAD_NOT_FOUND");
  }
  SECTION("finishing before every byte came") {
    const std::string up = started(worker->call(begin("u1", id, bytes, sha256_hex(bytes))));
    REQUIRE(worker->call(chunk(up, 0, bytes.substr(0, 1000))).has_upload_progress());
    CHECK(worker->call(finish(up)).error().reason() == "INCOMPLETE_UPLOAD");
  }
  SECTION("more bytes than declared, a chunk over the limit") {
    const std::string up = started(worker->call(begin("u1", id, bytes, sha256_hex(bytes))));
    REQUIRE(worker->call(chunk(up, 0, bytes.substr(0, 1000))).has_upload_progress());
    CHECK(worker->call(chunk(up, 1000, std::string(1025, 'x'))).error().reason() == "CHUNK_TOO_LARGE");
    const std::string up2 = started(worker->call(begin("u2", id, bytes, sha256_hex(bytes))));
    for (int off = 0; off < 3000; off += 1000) {
      REQUIRE(worker->call(chunk(up2, off, bytes.substr(static_cast<std::size_t>(off), 1000))).has_upload_progress());
    }
    CHECK(worker->call(chunk(up2, 3000, "x")).error().reason() == "TOO_LARGE");
  }
  SECTION("over the size limit or of a type not allowed: refused before any byte travels") {
    const std::string big = photo_bytes(10001);
    auto r = worker->call(begin("u1", id, big, sha256_hex(big)));
    CHECK(r.error().code() == static_cast<int>(Code::kInvalidArgument));
    CHECK(r.error().reason() == "TOO_LARGE");
    CHECK(worker->call(begin("u2", id, bytes, sha256_hex(bytes), "application/x-msdownload")).error().reason() ==
          "TYPE_NOT_ALLOWED");
    CHECK(worker->call(begin("u3", id, bytes, "not-a-digest")).error().reason() == "BAD_SHA256");
  }
  SECTION("an upload abandoned by its client") {
    const std::string up = started(worker->call(begin("u1", id, bytes, sha256_hex(bytes))));
    REQUIRE(worker->call(chunk(up, 0, bytes.substr(0, 1000))).has_upload_progress());
    CHECK(files_in(root / "tmp") == 1);
    v1::ClientFrame abort;
    abort.mutable_abort_upload()->set_upload_id(up);
    CHECK(worker->call(abort).has_done());
  }
  CHECK(files_in(root) == 0);
  CHECK(worker->call(list_attachments(id)).attachments().attachments_size() == 0);
}

TEST_CASE("over a socket a file whose content is not its declared type is refused, named, and leaves nothing") {
  LiveServer s({}, nullptr, small_limits());
  auto worker = s.client("grid_a");
  const auto id = create_case(*worker, s.org.grid_a, "c1");
  const fs::path root = s.dir.path() / "gridcase.db.attachments";

  // Uploads `bytes` named `name` as `type`; returns the finish reply.
  auto send = [&](const std::string& rid, const std::string& name, const std::string& bytes, const std::string& type) {
    v1::ClientFrame b = begin(rid, id, bytes, sha256_hex(bytes), type);
    b.mutable_begin_upload()->set_file_name(name);
    const std::string up = started(worker->call(b));
    REQUIRE(worker->call(chunk(up, 0, bytes)).has_upload_progress());
    return worker->call(finish(up));
  };

  auto text = send("u1", "fake.jpg", "这不是照片，只是一段文字。\n", "image/jpeg");
  CHECK(text.error().code() == static_cast<int>(Code::kInvalidArgument));
  CHECK(text.error().reason() == "CONTENT_TYPE_MISMATCH");
  CHECK(text.error().message().find("fake.jpg") != std::string::npos);
  CHECK(text.error().message().find("文本（text/plain）") != std::string::npos);
  CHECK(text.error().message().find("image/jpeg") != std::string::npos);

  auto script = send("u2", "现场.jpg", "#!/bin/sh\nrm -rf /tmp/x\n", "image/jpeg");
  CHECK(script.error().reason() == "CONTENT_TYPE_MISMATCH");
  CHECK(script.error().message().find("现场.jpg") != std::string::npos);
  CHECK(script.error().message().find("脚本") != std::string::npos);

  auto pdf = send("u3", "scan.pdf", photo_bytes(500), "application/pdf");
  CHECK(pdf.error().reason() == "CONTENT_TYPE_MISMATCH");
  CHECK(pdf.error().message().find("图片（image/jpeg）") != std::string::npos);

  CHECK(files_in(root) == 0);
  CHECK(worker->call(list_attachments(id)).attachments().attachments_size() == 0);

  // A real photo named anything goes through.
  auto photo = send("u4", "IMG_0001", photo_bytes(800), "image/jpeg");
  INFO(photo.error().reason() << ": " << photo.error().message());
  REQUIRE(photo.has_attachment());
  CHECK(files_in(root) == 1);

}

TEST_CASE("over a socket the size and type limits are told in MB, naming the file") {
  net::AttachmentLimits limits = small_limits();
  limits.max_bytes = 2 * 1024 * 1024;
  LiveServer s({}, nullptr, limits);
  auto worker = s.client("grid_a");
  const auto id = create_case(*worker, s.org.grid_a, "c1");
  v1::ClientFrame b = begin("u1", id, "x", std::string(64, 'a'));
  b.mutable_begin_upload()->set_file_name("大照片.jpg");
  b.mutable_begin_upload()->set_size(3 * 1024 * 1024 + 300 * 1024);
  auto large = worker->call(b);
  CHECK(large.error().reason() == "TOO_LARGE");
  CHECK(large.error().message() == "附件“大照片.jpg”有 3.29 MB，超过上限 2 MB");
  b.mutable_begin_upload()->set_size(1000);
  b.mutable_begin_upload()->set_file_name("工具.exe");
  b.mutable_begin_upload()->set_media_type("application/x-msdownload");
  auto type = worker->call(b);
  CHECK(type.error().reason() == "TYPE_NOT_ALLOWED");
  CHECK(type.error().message() == "附件“工具.exe”的类型 application/x-msdownload 不在可上传之列；可上传：image/jpeg、application/pdf");
}

TEST_CASE("the attachment store removes the temp files a crash left when it opens") {
  TempDir dir;
  const fs::path root = dir.path() / "db.attachments";
  // As after a crash: the upload is neither finished nor discarded when the store opens again.
  std::unique_ptr<net::PendingUpload> abandoned;
  {
    auto first = net::AttachmentStore::open(root.string(), {});
    REQUIRE(first.is_ok());
    NewAttachment a;
    a.request_id = "r";
    a.case_id = 1;
    a.size = 10;
    a.media_type = "image/jpeg";
    a.sha256 = std::string(64, 'a');
    auto up = (*first)->begin(a);
    REQUIRE(up.is_ok());
    REQUIRE((*first)->write(**up, 0, "12345").is_ok());
    CHECK(files_in(root / "tmp") == 1);
    std::ofstream(root / "tmp" / "left-by-a-crash.part") << "partial";
    abandoned = std::move(*up);
  }
  CHECK(files_in(root / "tmp") == 2);
  auto reopened = net::AttachmentStore::open(root.string(), {});
  REQUIRE(reopened.is_ok());
  CHECK(files_in(root) == 0);
}

TEST_CASE("over a socket a category that requires evidence refuses RESOLVE until a file is attached") {
  LiveServer s({}, nullptr, small_limits());
  auto admin = s.client("admin");
  auto sup = s.client("supervisor");
  v1::ClientFrame flag;
  flag.mutable_set_category_evidence()->set_category_code("INC.ENV.RUBBISH");
  flag.mutable_set_category_evidence()->set_required(true);
  CHECK(sup->call(flag).error().reason() == "ROLE_MAY_NOT");
  auto set = admin->call(flag);
  REQUIRE(set.has_category());
  CHECK(set.category().category().evidence_required());

  const auto id = create_case(*sup, s.org.grid_a, "c1");
  REQUIRE(sup->call(frames::accept("a1", id)).has_case_result());
  REQUIRE(sup->call(frames::dispatch("d1", id, s.org.grid_a)).has_case_result());
  auto refused = sup->call(frames::resolve("r1", id));
  CHECK(refused.error().code() == static_cast<int>(Code::kFailedPrecondition));
  CHECK(refused.error().reason() == "EVIDENCE_REQUIRED");

  REQUIRE(upload(*sup, "u1", id, photo_bytes(100)).has_attachment());
  auto resolved = sup->call(frames::resolve("r2", id));
  INFO(resolved.error().reason());
  REQUIRE(resolved.has_case_result());
  CHECK(resolved.case_result().case_().state() == v1::CASE_STATE_RESOLVED);
}

TEST_CASE("over a socket duplicates are suggested for a draft and for a registered case") {
  LiveServer s;
  auto worker = s.client("grid_a");
  const auto first = create_case(*worker, s.org.grid_a, "c1");
  v1::ClientFrame f;
  auto* q = f.mutable_find_duplicates();
  q->set_kind(v1::CASE_KIND_INCIDENT);
  q->set_category_code("INC.ENV.RUBBISH");
  q->mutable_location()->set_unit_id(s.org.grid_a);
  auto r = worker->call(f);
  REQUIRE(r.has_duplicates());
  REQUIRE(r.duplicates().cases_size() == 1);
  CHECK(r.duplicates().cases(0).id() == first);

  const auto second = create_case(*worker, s.org.grid_a, "c2");
  v1::ClientFrame of;
  of.mutable_find_duplicates()->set_case_id(second);
  r = worker->call(of);
  REQUIRE(r.has_duplicates());
  REQUIRE(r.duplicates().cases_size() == 1);
  CHECK(r.duplicates().cases(0).id() == first);

  q->set_kind(static_cast<v1::CaseKind>(99));
  CHECK(worker->call(f).error().reason() == "UNKNOWN_ENUM_VALUE");
  auto other = s.client("grid_b");
  CHECK(other->call(of).error().reason() == "CASE_NOT_FOUND");
}

TEST_CASE("over a socket a duplicate is found by the words of its description, not at another address") {
  LiveServer s;
  auto worker = s.client("grid_a");
  auto report = [&](const std::string& rid, const std::string& address) {
    auto f = frames::create_case(rid, s.org.grid_a);
    auto* c = f.mutable_create_case();
    c->set_title("环境问题");
    c->set_description("3号楼东侧垃圾堆积多日无人清运，气味很大");
    c->mutable_location()->set_address(address);
    auto r = worker->call(f);
    INFO(r.error().reason() << ": " << r.error().message());
    REQUIRE(r.has_case_result());
    return r.case_result().case_().id();
  };
  const auto unaddressed = report("c1", "");
  report("c2", "京汉路8号");  // the same words at another address: another matter
  v1::ClientFrame f;
  auto* q = f.mutable_find_duplicates();
  q->set_kind(v1::CASE_KIND_INCIDENT);
  q->set_category_code("INC.ENV.CLEANING");  // 道路保洁: the same family, not the same category
  q->mutable_location()->set_unit_id(s.org.grid_a);
  q->mutable_location()->set_address("河畔路1号");
  q->set_title("3号楼东侧垃圾堆积，多日没人清运");
  auto r = worker->call(f);
  INFO(r.error().reason() << ": " << r.error().message());
  REQUIRE(r.has_duplicates());
  REQUIRE(r.duplicates().cases_size() == 1);
  CHECK(r.duplicates().cases(0).id() == unaddressed);
  CHECK(r.duplicates().cases(0).description() == "3号楼东侧垃圾堆积多日无人清运，气味很大");  // shown in full
}

TEST_CASE("over a socket the reply to a new case lists its likely duplicates, a merge across categories asks why") {
  LiveServer s;
  auto worker = s.client("grid_a");
  const auto first = create_case(*worker, s.org.grid_a, "c1");
  // The same report again, its address typed with a space and a full-width digit.
  auto again = frames::create_case("c2", s.org.grid_a);
  again.mutable_create_case()->mutable_location()->set_address("河畔路 １号");
  again.mutable_create_case()->set_title("东门垃圾没人清");
  auto r = worker->call(again);
  INFO(r.error().reason() << ": " << r.error().message());
  REQUIRE(r.has_case_result());
  REQUIRE(r.case_result().likely_duplicates_size() == 1);
  CHECK(r.case_result().likely_duplicates(0).id() == first);
  CHECK(r.case_result().likely_duplicates(0).parties(0).phone() != "13812341234");  // masked
  const auto second = r.case_result().case_().id();

  // A manhole report at the same place is another matter.
  auto manhole = frames::create_case("c3", s.org.grid_a);
  manhole.mutable_create_case()->set_category_code("INC.FAC.MANHOLE");
  manhole.mutable_create_case()->set_title("井盖缺失");
  manhole.mutable_create_case()->set_description("");
  r = worker->call(manhole);
  REQUIRE(r.has_case_result());
  CHECK(r.case_result().likely_duplicates_size() == 0);
  const auto manhole_id = r.case_result().case_().id();

  auto sup = s.client("supervisor");
  v1::ClientFrame merge;
  merge.mutable_merge_case()->mutable_header()->set_request_id("m1");
  merge.mutable_merge_case()->mutable_header()->set_case_id(second);
  merge.mutable_merge_case()->set_into_case_id(manhole_id);
  auto refused = sup->call(merge);
  CHECK(refused.error().code() == static_cast<int>(Code::kFailedPrecondition));
  CHECK(refused.error().reason() == "MERGE_NEEDS_REASON");
  CHECK(refused.error().message().find("类别不同") != std::string::npos);
  merge.mutable_merge_case()->mutable_header()->set_request_id("m2");
  merge.mutable_merge_case()->set_into_case_id(first);
  auto merged = sup->call(merge);
  INFO(merged.error().reason() << ": " << merged.error().message());
  REQUIRE(merged.has_case_result());
  CHECK(merged.case_result().case_().state() == v1::CASE_STATE_MERGED);
}

TEST_CASE("over a socket two cases are linked, merged and unmerged, a merged child follows its parent") {
  LiveServer s;
  auto sup = s.client("supervisor");
  const auto parent = create_case(*sup, s.org.grid_a, "c1");
  const auto child = create_case(*sup, s.org.grid_a, "c2");
  REQUIRE(sup->call(frames::accept("a1", parent)).has_case_result());

  v1::ClientFrame link;
  link.mutable_link_cases()->mutable_header()->set_request_id("l1");
  link.mutable_link_cases()->mutable_header()->set_case_id(parent);
  link.mutable_link_cases()->set_other_case_id(child);
  auto linked = sup->call(link);
  INFO(linked.error().reason());
  REQUIRE(linked.has_case_result());
  CHECK(linked.case_result().events(0).action() == v1::ACTION_LINK);
  CHECK(sup->call(link).case_result().replayed());

  v1::ClientFrame merge;
  merge.mutable_merge_case()->mutable_header()->set_request_id("m1");
  merge.mutable_merge_case()->mutable_header()->set_case_id(child);
  merge.mutable_merge_case()->set_into_case_id(parent);
  REQUIRE(sup->call(merge).case_result().case_().state() == v1::CASE_STATE_MERGED);

  v1::ClientFrame related;
  related.mutable_get_related_cases()->set_case_id(parent);
  auto rel = sup->call(related);
  REQUIRE(rel.has_related_cases());
  CHECK(rel.related_cases().linked_size() == 1);
  CHECK(rel.related_cases().merged_size() == 1);

  v1::ClientFrame unmerge;
  unmerge.mutable_unmerge_case()->mutable_header()->set_request_id("u1");
  unmerge.mutable_unmerge_case()->mutable_header()->set_case_id(child);
  auto other = s.client("grid_b");
  CHECK(other->call(unmerge).error().reason() == "CASE_NOT_FOUND");
  auto un = sup->call(unmerge);
  INFO(un.error().reason());
  REQUIRE(un.has_case_result());
  CHECK(un.case_result().case_().state() == v1::CASE_STATE_REPORTED);
  CHECK(un.case_result().events(0).action() == v1::ACTION_UNMERGE);

  merge.mutable_merge_case()->mutable_header()->set_request_id("m2");
  REQUIRE(sup->call(merge).has_case_result());
  REQUIRE(sup->call(frames::dispatch("d1", parent, s.org.grid_a)).has_case_result());
  REQUIRE(sup->call(frames::resolve("r1", parent)).has_case_result());
  v1::ClientFrame get;
  get.mutable_get_case()->set_case_id(child);
  auto detail = sup->call(get);
  REQUIRE(detail.has_case_detail());
  CHECK(detail.case_detail().case_().state() == v1::CASE_STATE_RESOLVED);
  unmerge.mutable_unmerge_case()->mutable_header()->set_request_id("u2");
  CHECK(sup->call(unmerge).error().reason() == "PARENT_NOT_OPEN");
}
