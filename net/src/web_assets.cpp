#include "gridcase/net/web_assets.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <iterator>
#include <sstream>

#include <openssl/evp.h>

namespace gridcase::net {

const char* const kWebContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
    "connect-src 'self'; worker-src 'self'; manifest-src 'self'; font-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

namespace {

namespace fs = std::filesystem;

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes a path. False when an escape is malformed.
bool percent_decode(std::string_view in, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out += in[i];
      continue;
    }
    if (i + 2 >= in.size()) return false;
    const int hi = hex_value(in[i + 1]);
    const int lo = hex_value(in[i + 2]);
    if (hi < 0 || lo < 0) return false;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return true;
}

std::string_view media_type_of(const fs::path& file) {
  const std::string ext = file.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".webmanifest") return "application/manifest+json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".map") return "application/json";
  return "application/octet-stream";
}

bool read_file(const fs::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return false;
  out = std::move(buffer).str();
  return true;
}

// A strong validator: the first 16 bytes of the SHA-256 of what is sent, in hex.
std::string etag_of(const std::string& bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr);
  static const char* const kHex = "0123456789abcdef";
  std::string tag = "\"";
  for (unsigned int i = 0; i < 16 && i < length; ++i) {
    tag += kHex[digest[i] >> 4];
    tag += kHex[digest[i] & 0xf];
  }
  return tag + "\"";
}

// True when an If-None-Match list names `etag` (or is `*`). Weak comparison, as RFC 9110 asks.
bool matches_etag(std::string_view list, const std::string& etag) {
  const std::string_view opaque = std::string_view(etag);
  std::size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && (list[i] == ' ' || list[i] == ',' || list[i] == '\t')) ++i;
    std::size_t end = list.find(',', i);
    if (end == std::string_view::npos) end = list.size();
    std::string_view item = list.substr(i, end - i);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (item == "*") return true;
    if (item.size() > 2 && item.substr(0, 2) == "W/") item.remove_prefix(2);
    if (item == opaque) return true;
    i = end + 1;
  }
  return false;
}

// True when Accept-Encoding accepts gzip (listed without q=0).
bool accepts_gzip(std::string_view header) {
  std::size_t i = 0;
  while (i < header.size()) {
    std::size_t end = header.find(',', i);
    if (end == std::string_view::npos) end = header.size();
    std::string_view item = header.substr(i, end - i);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    const std::size_t semi = item.find(';');
    std::string_view coding = item.substr(0, semi);
    while (!coding.empty() && coding.back() == ' ') coding.remove_suffix(1);
    if (iequals(coding, "gzip") || coding == "*") {
      if (semi == std::string_view::npos) return true;
      std::string params(item.substr(semi + 1));
      params.erase(std::remove(params.begin(), params.end(), ' '), params.end());
      return !(params == "q=0" || params == "q=0.0" || params == "q=0.00" || params == "q=0.000");
    }
    i = end + 1;
  }
  return false;
}

bool within(const fs::path& root, const fs::path& candidate) {
  auto r = root.begin();
  auto c = candidate.begin();
  for (; r != root.end(); ++r, ++c) {
    if (c == candidate.end() || *r != *c) return false;
  }
  return true;
}

WebResponse plain(int status, std::string text) {
  WebResponse res;
  res.status = status;
  res.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  res.headers.emplace_back("X-Content-Type-Options", "nosniff");
  res.headers.emplace_back("Cache-Control", "no-store");
  res.body = std::move(text);
  return res;
}

}  // namespace

std::string WebResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return {};
}

WebAssets::WebAssets(fs::path root) {
  if (root.empty()) return;
  std::error_code ec;
  fs::path canonical = fs::canonical(root, ec);
  root_ = ec ? fs::absolute(root, ec).lexically_normal() : canonical;
}

bool WebAssets::serves(std::string_view path) const {
  return enabled() && path != "/ws" && path != "/healthz" && path != "/metrics";
}

bool WebAssets::is_hashed_name(std::string_view name) {
  const std::size_t dot = name.find('.');
  if (dot == std::string_view::npos || dot < 10) return false;
  const std::string_view stem = name.substr(0, dot);
  if (stem[stem.size() - 9] != '-') return false;
  for (char c : stem.substr(stem.size() - 8)) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

WebResponse WebAssets::respond(const WebRequest& request) const {
  if (!enabled()) return plain(404, "not found\n");
  if (request.method != "GET") {
    WebResponse res = plain(405, "method not allowed\n");
    res.headers.emplace_back("Allow", "GET");
    return res;
  }

  std::string_view raw = request.target;
  if (const auto q = raw.find_first_of("?#"); q != std::string_view::npos) raw = raw.substr(0, q);
  std::string path;
  if (raw.empty() || raw.front() != '/' || !percent_decode(raw, path)) return plain(400, "bad path\n");
  if (path.find('\\') != std::string::npos || path.find('\0') != std::string::npos) {
    return plain(400, "bad path\n");
  }

  // Walk the segments: `..` is refused outright, `.` and empty ones are skipped, and a hidden
  // name is not served.
  fs::path relative;
  std::size_t i = 1;
  while (i <= path.size()) {
    std::size_t end = path.find('/', i);
    if (end == std::string::npos) end = path.size();
    const std::string segment = path.substr(i, end - i);
    i = end + 1;
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") return plain(400, "bad path\n");
    if (segment.front() == '.') return plain(404, "not found\n");
    relative /= segment;
  }
  if (relative.empty() || path.back() == '/') relative /= "index.html";

  std::error_code ec;
  const fs::path file = fs::weakly_canonical(root_ / relative, ec);
  if (ec || !within(root_, file) || !fs::is_regular_file(file, ec)) return plain(404, "not found\n");

  const std::string file_name = file.filename().string();
  const bool is_index = file_name == "index.html";
  // Precompressed twin, when the client takes gzip.
  std::string bytes;
  bool gzipped = false;
  if (accepts_gzip(request.accept_encoding)) {
    const fs::path twin = fs::path(file.string() + ".gz");
    if (fs::is_regular_file(twin, ec) && within(root_, fs::weakly_canonical(twin, ec)) && read_file(twin, bytes)) {
      gzipped = true;
    }
  }
  if (!gzipped && !read_file(file, bytes)) return plain(404, "not found\n");

  WebResponse res;
  const std::string etag = etag_of(bytes);
  const std::string_view media_type = media_type_of(file);
  res.headers.emplace_back("Content-Type", std::string(media_type));
  res.headers.emplace_back("ETag", etag);
  res.headers.emplace_back("Vary", "Accept-Encoding");
  if (is_index) {
    res.headers.emplace_back("Cache-Control", "no-store");
  } else if (is_hashed_name(file_name)) {
    res.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
  } else {
    res.headers.emplace_back("Cache-Control", "no-cache");
  }
  res.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (media_type.substr(0, 9) == "text/html") {
    res.headers.emplace_back("Content-Security-Policy", kWebContentSecurityPolicy);
    res.headers.emplace_back("Referrer-Policy", "no-referrer");
  }
  if (file_name == "sw.js") {
    // The service worker controls the whole application.
    res.headers.emplace_back("Service-Worker-Allowed", "/");
  }
  if (!request.if_none_match.empty() && matches_etag(request.if_none_match, etag)) {
    res.status = 304;
    return res;
  }
  if (gzipped) res.headers.emplace_back("Content-Encoding", "gzip");
  res.status = 200;
  res.body = std::move(bytes);
  return res;
}

}  // namespace gridcase::net
