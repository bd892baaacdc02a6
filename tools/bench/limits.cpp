// The machine's limits, measured by gridcase-bench itself (scenarios.hpp: run_limits): what the
// disk, SQLite and Beast can do at best here, with none of gridcase's own code in the way, so
// that every other figure can be read as a share of it on the hardware at hand.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "scenarios.hpp"

namespace gridcase::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// One 4 KiB write at a time, each synced before the next (O_DSYNC): milliseconds per write.
Result<double> synced_write_ms(const std::string& path, int writes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_DSYNC, 0600);
  if (fd < 0) return Status(reason::INTERNAL, "cannot open " + path + ": " + std::strerror(errno));
  std::vector<char> block(4096, 'g');
  const auto t0 = Clock::now();
  for (int i = 0; i < writes; ++i) {
    if (::pwrite(fd, block.data(), block.size(), static_cast<off_t>(i) * 4096) != 4096) {
      ::close(fd);
      return Status(reason::INTERNAL, "cannot write " + path + ": " + std::strerror(errno));
    }
  }
  const double ms = seconds_since(t0) * 1000 / writes;
  ::close(fd);
  ::unlink(path.c_str());
  return ms;
}

// Durable transitions per second straight into SQLite: each one appends an event row (200
// bytes of payload) and updates a case row (300 bytes, two indexes), WAL, synchronous=FULL,
// `batch` transitions per transaction: the least a case engine must write for one action.
double bare_sqlite_per_second(const std::string& path, int batch, double seconds) {
  for (const char* suffix : {"", "-wal", "-shm"}) ::unlink((path + suffix).c_str());
  double rate = 0;
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=FULL");
    db.exec(
        "CREATE TABLE cases (id INTEGER PRIMARY KEY, state INTEGER, version INTEGER, unit INTEGER, due INTEGER,"
        " body BLOB);"
        "CREATE INDEX cases_unit ON cases (unit, state);"
        "CREATE INDEX cases_due ON cases (due);"
        "CREATE TABLE events (seq INTEGER PRIMARY KEY, case_id INTEGER, action INTEGER, at INTEGER,"
        " actor INTEGER, body BLOB);"
        "CREATE INDEX events_case ON events (case_id, seq);");
    constexpr int kCases = 10000;
    const std::string body(300, 'c');
    const std::string event(200, 'e');
    {
      SQLite::Statement insert(db, "INSERT INTO cases VALUES (?, 0, 0, ?, ?, ?)");
      db.exec("BEGIN");
      for (int i = 0; i < kCases; ++i) {
        insert.bind(1, i);
        insert.bind(2, i % 500);
        insert.bind(3, static_cast<std::int64_t>(i));
        insert.bind(4, body.data(), static_cast<int>(body.size()));
        insert.exec();
        insert.reset();
      }
      db.exec("COMMIT");
    }
    SQLite::Statement append(db, "INSERT INTO events (case_id, action, at, actor, body) VALUES (?, ?, ?, ?, ?)");
    SQLite::Statement update(db, "UPDATE cases SET state = ?, version = version + 1, due = ?, body = ? WHERE id = ?");
    SQLite::Statement begin(db, "BEGIN");
    SQLite::Statement commit(db, "COMMIT");
    long done = 0;
    const auto t0 = Clock::now();
    while (seconds_since(t0) < seconds) {
      begin.exec();
      begin.reset();
      for (int j = 0; j < batch; ++j, ++done) {
        const int c = static_cast<int>((done * 7919) % kCases);
        append.bind(1, c);
        append.bind(2, static_cast<int>(done % 9));
        append.bind(3, static_cast<std::int64_t>(done));
        append.bind(4, static_cast<int>(done % 100));
        append.bind(5, event.data(), static_cast<int>(event.size()));
        append.exec();
        append.reset();
        update.bind(1, static_cast<int>(done % 9));
        update.bind(2, static_cast<std::int64_t>(done));
        update.bind(3, body.data(), static_cast<int>(body.size()));
        update.bind(4, c);
        update.exec();
        update.reset();
      }
      commit.exec();
      commit.reset();
    }
    rate = static_cast<double>(done) / seconds_since(t0);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) ::unlink((path + suffix).c_str());
  return rate;
}

// A Beast WebSocket server that echoes every frame, on one thread.
class EchoSession : public std::enable_shared_from_this<EchoSession> {
 public:
  explicit EchoSession(tcp::socket socket) : ws_(std::move(socket)) {}
  void start() {
    ws_.async_accept([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->read();
    });
  }

 private:
  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;
      self->ws_.binary(true);
      self->ws_.async_write(self->buffer_.data(), [self](beast::error_code ec2, std::size_t) {
        if (ec2) return;
        self->buffer_.consume(self->buffer_.size());
        self->read();
      });
    });
  }
  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
};

void accept_loop(tcp::acceptor& acceptor) {
  acceptor.async_accept([&acceptor](beast::error_code ec, tcp::socket socket) {
    if (ec) return;
    socket.set_option(tcp::no_delay(true));
    std::make_shared<EchoSession>(std::move(socket))->start();
    accept_loop(acceptor);
  });
}

// A client that sends a frame, waits for its echo, and sends the next, counting round trips.
class EchoClient : public std::enable_shared_from_this<EchoClient> {
 public:
  EchoClient(asio::io_context& io, std::size_t bytes, std::atomic<bool>& stop, std::atomic<long>& trips)
      : ws_(io), frame_(bytes, 'x'), stop_(stop), trips_(trips) {}
  void start(const tcp::endpoint& at) {
    beast::get_lowest_layer(ws_).async_connect(at, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      beast::get_lowest_layer(self->ws_).socket().set_option(tcp::no_delay(true));
      self->ws_.async_handshake("127.0.0.1", "/", [self](beast::error_code ec2) {
        if (ec2) return;
        self->ws_.binary(true);
        self->send();
      });
    });
  }

 private:
  void send() {
    if (stop_) return;
    ws_.async_write(asio::buffer(frame_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;
      self->ws_.async_read(self->buffer_, [self](beast::error_code ec2, std::size_t) {
        if (ec2) return;
        self->buffer_.consume(self->buffer_.size());
        ++self->trips_;
        self->send();
      });
    });
  }
  websocket::stream<beast::tcp_stream> ws_;
  std::string frame_;
  beast::flat_buffer buffer_;
  std::atomic<bool>& stop_;
  std::atomic<long>& trips_;
};

// Round trips per second: `connections` clients on one thread, the server on another.
double beast_echo_per_second(int connections, std::size_t bytes, double seconds) {
  asio::io_context server_io;
  tcp::acceptor acceptor(server_io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const tcp::endpoint at = acceptor.local_endpoint();
  accept_loop(acceptor);
  std::thread server([&] { server_io.run(); });

  asio::io_context client_io;
  std::atomic<bool> stop{false};
  std::atomic<long> trips{0};
  for (int i = 0; i < connections; ++i) std::make_shared<EchoClient>(client_io, bytes, stop, trips)->start(at);
  std::thread clients([&] { client_io.run(); });
  // A moment to connect, then the measured time.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const long before = trips.load();
  const auto t0 = Clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  const double rate = static_cast<double>(trips.load() - before) / seconds_since(t0);
  stop = true;
  client_io.stop();
  server_io.stop();
  clients.join();
  server.join();
  return rate;
}

}  // namespace

Result<ScenarioReport> run_limits(const Env& env, const std::vector<int>& batches) {
  ScenarioReport report;
  report.name = "limits";
  const double seconds = std::min(3.0, std::max(1.0, env.options.seconds / 4.0));
  auto dsync = synced_write_ms(env.work_dir + "/limits-dsync.bin", 300);
  if (!dsync) return dsync.status();
  report.figures["synced_4k_write_ms"] = *dsync;
  try {
    for (int batch : batches) {
      report.figures["sqlite_batch_" + std::to_string(batch) + "_per_second"] =
          bare_sqlite_per_second(env.work_dir + "/limits.db", batch, seconds);
    }
  } catch (const std::exception& e) {
    return Status(reason::INTERNAL, std::string("bare SQLite: ") + e.what());
  }
  report.figures["beast_echo_64_per_second"] = beast_echo_per_second(64, 200, seconds);
  report.seconds = seconds;
  report.notes["what"] =
      "this machine at best, without gridcase: one synced 4 KiB write; bare SQLite (an event insert and a case "
      "update per transition, WAL, synchronous=FULL) at N per commit; Beast WebSocket echo, 64 connections, "
      "200-byte frames, one server thread";
  return report;
}

}  // namespace gridcase::bench
