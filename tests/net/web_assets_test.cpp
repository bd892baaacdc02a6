// The web application's files: what is served, with which caching and security headers, and
// what is refused. First the rules on a folder, then the same over a real socket beside /ws.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "gridcase/net/web_assets.hpp"
#include "live_server.hpp"

namespace {

namespace fs = std::filesystem;
using gridcase::net::WebAssets;
using gridcase::net::WebRequest;
using gridcase::net::WebResponse;
using gridcase::testing::LiveServer;
using gridcase::testing::TempDir;

void write(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

// A built application in <dir>/web, and a secret beside it that must never be served.
struct Site {
  Site() {
    write(root() / "index.html", "<!doctype html><title>gridcase</title>");
    write(root() / "assets" / "app-AB12CD34.js", "console.log('app')");
    write(root() / "assets" / "app-AB12CD34.js.gz", "pretend-gzip-bytes");
    write(root() / "sw.js", "self.addEventListener('fetch', () => {})");
    write(root() / ".hidden", "hidden");
    write(dir.path() / "secret.txt", "top secret");
  }
  fs::path root() const { return dir.path() / "web"; }
  TempDir dir;
};

WebResponse get(const WebAssets& web, std::string_view target, std::string_view accept_encoding = "",
                std::string_view if_none_match = "") {
  WebRequest request;
  request.method = "GET";
  request.target = target;
  request.accept_encoding = accept_encoding;
  request.if_none_match = if_none_match;
  return web.respond(request);
}

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

// One request over a real socket, the target sent exactly as given (no normalisation).
HttpReply http(std::uint16_t port, const std::string& target, const std::map<std::string, std::string>& headers = {},
               boost::beast::http::verb verb = boost::beast::http::verb::get) {
  namespace beast = boost::beast;
  namespace bhttp = beast::http;
  boost::asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(std::chrono::seconds(10));
  stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  bhttp::request<bhttp::empty_body> req{verb, target, 11};
  req.set(bhttp::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) req.set(name, value);
  bhttp::write(stream, req);
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(stream, buffer, res);
  HttpReply out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(field.value());
  }
  out.body = res.body();
  beast::error_code ec;
  stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
  return out;
}

}  // namespace

TEST_CASE("index.html is served at / and never cached, with a CSP that allows no inline script") {
  Site site;
  WebAssets web(site.root());
  for (const char* target : {"/", "/index.html", "/?from=bookmark"}) {
    INFO(target);
    const auto res = get(web, target);
    CHECK(res.status == 200);
    CHECK(res.body == "<!doctype html><title>gridcase</title>");
    CHECK(res.header("Content-Type") == "text/html; charset=utf-8");
    CHECK(res.header("Cache-Control") == "no-store");
    const std::string csp = res.header("Content-Security-Policy");
    CHECK(csp.find("script-src 'self'") != std::string::npos);
    CHECK(csp.find("unsafe-inline") == std::string::npos);
    CHECK(csp.find("unsafe-eval") == std::string::npos);
    CHECK(csp.find("connect-src 'self'") != std::string::npos);
    CHECK(res.header("X-Content-Type-Options") == "nosniff");
  }
}

TEST_CASE("hashed asset names are cached for good, other names are revalidated") {
  Site site;
  WebAssets web(site.root());
  const auto app = get(web, "/assets/app-AB12CD34.js");
  CHECK(app.status == 200);
  CHECK(app.header("Cache-Control") == "public, max-age=31536000, immutable");
  CHECK(app.header("Content-Type") == "text/javascript; charset=utf-8");
  CHECK(app.header("Content-Security-Policy").empty());

  const auto sw = get(web, "/sw.js");
  CHECK(sw.status == 200);
  CHECK(sw.header("Cache-Control") == "no-cache");

  CHECK(WebAssets::is_hashed_name("app-AB12CD34.js"));
  CHECK(WebAssets::is_hashed_name("chunk-Z9Y8X7W6.css"));
  CHECK_FALSE(WebAssets::is_hashed_name("app-ab12cd34.js"));
  CHECK_FALSE(WebAssets::is_hashed_name("app.js"));
  CHECK_FALSE(WebAssets::is_hashed_name("app-AB12CD3.js"));
  CHECK_FALSE(WebAssets::is_hashed_name("appAB12CD34.js"));
}

TEST_CASE("every answer has an ETag and a request naming it answers 304 without a body") {
  Site site;
  WebAssets web(site.root());
  const auto first = get(web, "/assets/app-AB12CD34.js");
  const std::string etag = first.header("ETag");
  REQUIRE(etag.size() == 34);  // a quoted 32-digit hash
  CHECK(etag.front() == '"');

  const auto again = get(web, "/assets/app-AB12CD34.js", "", etag);
  CHECK(again.status == 304);
  CHECK(again.body.empty());
  CHECK(again.header("ETag") == etag);

  CHECK(get(web, "/assets/app-AB12CD34.js", "", "\"other\", " + etag).status == 304);
  CHECK(get(web, "/assets/app-AB12CD34.js", "", "W/" + etag).status == 304);
  CHECK(get(web, "/assets/app-AB12CD34.js", "", "\"other\"").status == 200);

  // A changed file has a new tag: the old one no longer matches.
  write(site.root() / "sw.js", "changed");
  const auto sw = get(web, "/sw.js");
  write(site.root() / "sw.js", "changed again");
  CHECK(get(web, "/sw.js", "", sw.header("ETag")).status == 200);
}

TEST_CASE("a precompressed twin is sent gzip-encoded only to clients that accept gzip") {
  Site site;
  WebAssets web(site.root());
  const auto zipped = get(web, "/assets/app-AB12CD34.js", "br, gzip;q=0.8");
  CHECK(zipped.status == 200);
  CHECK(zipped.header("Content-Encoding") == "gzip");
  CHECK(zipped.body == "pretend-gzip-bytes");
  CHECK(zipped.header("Vary") == "Accept-Encoding");
  CHECK(zipped.header("Content-Type") == "text/javascript; charset=utf-8");

  const auto plain = get(web, "/assets/app-AB12CD34.js", "br");
  CHECK(plain.header("Content-Encoding").empty());
  CHECK(plain.body == "console.log('app')");
  CHECK(get(web, "/assets/app-AB12CD34.js", "gzip;q=0").header("Content-Encoding").empty());
  // The two encodings are different representations: different tags.
  CHECK(plain.header("ETag") != zipped.header("ETag"));

  // No twin: sent as is.
  CHECK(get(web, "/sw.js", "gzip").header("Content-Encoding").empty());
}

TEST_CASE("a path with .. is refused and nothing outside the web root is served") {
  Site site;
  WebAssets web(site.root());
  for (const char* target : {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
                             "/%2E%2E/secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt", "/..",
                             "/assets\\..\\..\\secret.txt", "/%5c..%5csecret.txt", "/index.html%00.js",
                             "/%zz"}) {
    INFO(target);
    const auto res = get(web, target);
    CHECK(res.status == 400);
    CHECK(res.body.find("top secret") == std::string::npos);
  }
  CHECK(get(web, "/.hidden").status == 404);
  CHECK(get(web, "/secret.txt").status == 404);
  CHECK(get(web, "/nope.js").status == 404);
  CHECK(get(web, "/assets/").status == 404);  // a folder without index.html

  // A symbolic link that leads out of the root is not followed.
  fs::create_symlink(site.dir.path() / "secret.txt", site.root() / "link.txt");
  const auto linked = get(web, "/link.txt");
  CHECK(linked.status == 404);
  CHECK(linked.body.find("top secret") == std::string::npos);
}

TEST_CASE("only GET is served, without a web root nothing is") {
  Site site;
  WebAssets web(site.root());
  WebRequest post;
  post.method = "POST";
  post.target = "/";
  const auto res = web.respond(post);
  CHECK(res.status == 405);
  CHECK(res.header("Allow") == "GET");

  WebAssets none;
  CHECK_FALSE(none.enabled());
  CHECK_FALSE(none.serves("/"));
  CHECK(get(none, "/").status == 404);
  CHECK(web.serves("/"));
  CHECK_FALSE(web.serves("/ws"));
  CHECK_FALSE(web.serves("/healthz"));
}

TEST_CASE("the server serves the web application on the same port as /ws, /healthz and /metrics") {
  Site site;
  gridcase::net::ServerConfig config;
  config.web_root = site.root().string();
  LiveServer s(config);

  auto index = http(s.port, "/", {{"Accept-Encoding", "gzip"}});
  CHECK(index.status == 200);
  CHECK(index.body == "<!doctype html><title>gridcase</title>");
  CHECK(index.headers["cache-control"] == "no-store");
  CHECK(index.headers["content-security-policy"].find("script-src 'self'") != std::string::npos);

  auto app = http(s.port, "/assets/app-AB12CD34.js", {{"Accept-Encoding", "gzip, deflate"}});
  CHECK(app.status == 200);
  CHECK(app.headers["content-encoding"] == "gzip");
  CHECK(app.headers["cache-control"] == "public, max-age=31536000, immutable");
  auto cached = http(s.port, "/assets/app-AB12CD34.js",
                           {{"Accept-Encoding", "gzip, deflate"}, {"If-None-Match", app.headers["etag"]}});
  CHECK(cached.status == 304);
  CHECK(cached.body.empty());

  // The raw target reaches the server as typed: no client normalised it away.
  auto escape = http(s.port, "/../secret.txt");
  CHECK(escape.status == 400);
  CHECK(escape.body.find("top secret") == std::string::npos);
  CHECK(http(s.port, "/%2e%2e/secret.txt").status == 400);
  CHECK(http(s.port, "/", {}, boost::beast::http::verb::post).status == 405);

  CHECK(http(s.port, "/healthz").body == "ok");
  CHECK(http(s.port, "/metrics").status == 200);
  // The API still answers on /ws.
  auto client = s.client("grid_a");
  CHECK(client != nullptr);
}

TEST_CASE("without a web root the server answers 404 on every other path") {
  LiveServer s;
  CHECK(http(s.port, "/").status == 404);
  CHECK(http(s.port, "/index.html").status == 404);
}
