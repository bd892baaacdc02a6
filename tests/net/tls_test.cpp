// wss:// and https:// with a self-signed certificate made at test time (OpenSSL's C API, so
// the test does not need the openssl binary).
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "frames.hpp"
#include "live_server.hpp"
#include "org_fixture.hpp"
#include "ws_client.hpp"

using namespace gridcase;
using namespace gridcase::testing;

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace ssl = asio::ssl;
using asio::ip::tcp;

namespace {

// A key and a self-signed certificate for 127.0.0.1 (CN and subjectAltName), valid for an hour.
struct SelfSigned {
  std::filesystem::path cert, key;

  explicit SelfSigned(const std::filesystem::path& dir, const char* common_name = "127.0.0.1")
      : cert(dir / "cert.pem"), key(dir / "key.pem") {
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> kctx(
        EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nullptr), EVP_PKEY_CTX_free);
    REQUIRE(kctx);
    REQUIRE(EVP_PKEY_keygen_init(kctx.get()) == 1);
    REQUIRE(EVP_PKEY_CTX_set_ec_paramgen_curve_nid(kctx.get(), NID_X9_62_prime256v1) == 1);
    EVP_PKEY* raw_key = nullptr;
    REQUIRE(EVP_PKEY_keygen(kctx.get(), &raw_key) == 1);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(raw_key, EVP_PKEY_free);

    std::unique_ptr<X509, decltype(&X509_free)> x509(X509_new(), X509_free);
    REQUIRE(x509);
    X509* x = x509.get();
    REQUIRE(X509_set_version(x, 2) == 1);
    REQUIRE(ASN1_INTEGER_set(X509_get_serialNumber(x), 1) == 1);
    REQUIRE(X509_gmtime_adj(X509_getm_notBefore(x), -60));
    REQUIRE(X509_gmtime_adj(X509_getm_notAfter(x), 3600));
    REQUIRE(X509_set_pubkey(x, pkey.get()) == 1);
    X509_NAME* name = X509_get_subject_name(x);
    REQUIRE(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                       reinterpret_cast<const unsigned char*>(common_name), -1, -1,
                                       0) == 1);
    REQUIRE(X509_set_issuer_name(x, name) == 1);
    X509V3_CTX v3;
    X509V3_set_ctx_nodb(&v3);
    X509V3_set_ctx(&v3, x, x, nullptr, nullptr, 0);
    const std::string san = std::string("IP:") + common_name;
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &v3, NID_subject_alt_name, san.c_str());
    REQUIRE(ext != nullptr);
    REQUIRE(X509_add_ext(x, ext, -1) == 1);
    X509_EXTENSION_free(ext);
    REQUIRE(X509_sign(x, pkey.get(), EVP_sha256()) > 0);

    FILE* kf = std::fopen(key.string().c_str(), "wb");
    REQUIRE(kf != nullptr);
    const int key_ok = PEM_write_PrivateKey(kf, pkey.get(), nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(kf);
    REQUIRE(key_ok == 1);
    FILE* cf = std::fopen(cert.string().c_str(), "wb");
    REQUIRE(cf != nullptr);
    const int cert_ok = PEM_write_X509(cf, x);
    std::fclose(cf);
    REQUIRE(cert_ok == 1);
  }
};

constexpr std::chrono::seconds kWait{10};

// A blocking wss:// client that trusts only `ca` and checks the server is 127.0.0.1. Every
// wait is bounded.
class WssClient {
 public:
  WssClient(std::uint16_t port, const std::filesystem::path& ca)
      : ctx_(ssl::context::tls_client), ws_(ioc_, ctx_) {
    ctx_.load_verify_file(ca.string());
    ctx_.set_verify_mode(ssl::verify_peer);
    ws_.next_layer().set_verify_callback(ssl::host_name_verification("127.0.0.1"));
    beast::get_lowest_layer(ws_).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    REQUIRE_FALSE(wait([&](auto h) { ws_.next_layer().async_handshake(ssl::stream_base::client, h); }));
    ws_.binary(true);
    const std::string host = "127.0.0.1:" + std::to_string(port);
    REQUIRE_FALSE(wait([&](auto h) { ws_.async_handshake(host, "/ws", h); }));
  }

  v1::Reply call(v1::ClientFrame frame) {
    frame.set_call_id(++next_call_);
    const std::string bytes = frame.SerializeAsString();
    REQUIRE_FALSE(wait([&](auto h) { ws_.async_write(asio::buffer(bytes), h); }));
    for (;;) {
      beast::flat_buffer buffer;
      auto ec = wait([&](auto h) { ws_.async_read(buffer, h); });
      INFO(ec.message());
      REQUIRE_FALSE(ec);
      v1::ServerFrame f;
      REQUIRE(f.ParseFromString(beast::buffers_to_string(buffer.data())));
      if (f.has_reply() && f.reply().call_id() == next_call_) return f.reply();
    }
  }

 private:
  template <typename Start>
  beast::error_code wait(Start start) {
    beast::error_code result = asio::error::would_block;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc_.restart();
    ioc_.run_for(kWait);
    if (result == asio::error::would_block) {
      beast::get_lowest_layer(ws_).socket().close();
      ioc_.restart();
      ioc_.run_for(std::chrono::seconds(1));
      return beast::error::timeout;
    }
    return result;
  }

  asio::io_context ioc_;
  ssl::context ctx_;
  websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws_;
  std::uint64_t next_call_ = 0;
};

// GET over https://127.0.0.1:port, trusting `ca`. Returns (status, body).
std::pair<int, std::string> https_get(std::uint16_t port, const std::filesystem::path& ca,
                                      const std::string& target) {
  asio::io_context ioc;
  ssl::context ctx(ssl::context::tls_client);
  ctx.load_verify_file(ca.string());
  ctx.set_verify_mode(ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  beast::get_lowest_layer(stream).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  beast::get_lowest_layer(stream).expires_after(kWait);
  http::request<http::empty_body> req{http::verb::get, target, 11};
  req.set(http::field::host, "127.0.0.1");
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  beast::error_code result = asio::error::would_block;
  stream.async_handshake(ssl::stream_base::client, [&](beast::error_code ec) {
    if (ec) {
      result = ec;
      return;
    }
    http::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
      if (ec) {
        result = ec;
        return;
      }
      http::async_read(stream, buffer, res, [&](beast::error_code ec, std::size_t) { result = ec; });
    });
  });
  ioc.run_for(kWait + std::chrono::seconds(1));
  INFO(result.message());
  REQUIRE_FALSE(result);
  return {static_cast<int>(res.result_int()), res.body()};
}

net::ServerConfig tls_config(const SelfSigned& files) {
  net::ServerConfig config;
  config.tls_cert_file = files.cert.string();
  config.tls_key_file = files.key.string();
  return config;
}

}  // namespace

TEST_CASE("over wss:// a client logs in and creates a case, and https:// answers /healthz") {
  TempDir certs;
  SelfSigned files(certs.path());
  LiveServer s(tls_config(files));
  CHECK(s.server->ws_url().rfind("wss://127.0.0.1:", 0) == 0);
  CHECK(s.server->http_url().rfind("https://127.0.0.1:", 0) == 0);

  WssClient c(s.port, files.cert);
  auto login = c.call(frames::login("grid_a", password_of("grid_a")));
  INFO(login.error().reason());
  REQUIRE(login.has_login());
  auto created = c.call(frames::create_case("tls1", s.org.grid_a));
  INFO(created.error().reason() << ": " << created.error().message());
  REQUIRE(created.has_case_result());
  const auto id = created.case_result().case_().id();
  auto got = c.call(frames::get_case(id));
  REQUIRE(got.has_case_detail());
  CHECK(got.case_detail().case_().title() == "垃圾暴露");

  auto health = https_get(s.port, files.cert, "/healthz");
  CHECK(health.first == 200);
  CHECK(health.second == "ok");
}

TEST_CASE("a plain client to the TLS port fails and TLS clients are still served") {
  TempDir certs;
  SelfSigned files(certs.path());
  LiveServer s(tls_config(files));

  CHECK_THROWS(WsClient(s.port));
  CHECK_THROWS(http_get(s.port, "/healthz"));

  WssClient c(s.port, files.cert);
  CHECK(c.call(frames::login("supervisor", password_of("supervisor"))).has_login());
}

TEST_CASE("a client that does not trust the certificate fails its handshake") {
  TempDir certs;
  SelfSigned files(certs.path());
  TempDir other_dir;
  SelfSigned other(other_dir.path());
  LiveServer s(tls_config(files));

  asio::io_context ioc;
  ssl::context ctx(ssl::context::tls_client);
  ctx.load_verify_file(other.cert.string());
  ctx.set_verify_mode(ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  beast::get_lowest_layer(stream).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), s.port));
  beast::get_lowest_layer(stream).expires_after(kWait);
  beast::error_code result = asio::error::would_block;
  stream.async_handshake(ssl::stream_base::client, [&](beast::error_code ec) { result = ec; });
  ioc.run_for(kWait + std::chrono::seconds(1));
  CHECK(result);
  CHECK(result != asio::error::would_block);

  WssClient c(s.port, files.cert);
  CHECK(c.call(frames::login("supervisor", password_of("supervisor"))).has_login());
}

TEST_CASE("a TLS configuration that cannot be used is refused at start with BAD_TLS_CONFIG") {
  TempDir certs;
  SelfSigned files(certs.path());
  TempDir other_dir;
  SelfSigned other(other_dir.path());

  CHECK(net::make_tls_context(files.cert.string(), files.key.string()).is_ok());
  CHECK(net::make_tls_context((certs.path() / "missing.pem").string(), files.key.string())
            .status()
            .reason() == "BAD_TLS_CONFIG");
  CHECK(net::make_tls_context(files.cert.string(), (certs.path() / "missing.pem").string())
            .status()
            .reason() == "BAD_TLS_CONFIG");
  // A key that is not the certificate's.
  CHECK(net::make_tls_context(files.cert.string(), other.key.string()).status().reason() ==
        "BAD_TLS_CONFIG");
  // The key file given as the certificate.
  CHECK(net::make_tls_context(files.key.string(), files.key.string()).status().reason() ==
        "BAD_TLS_CONFIG");
}
