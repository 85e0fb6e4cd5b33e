// Sockets and threads of the DNS server: per listener, UDP worker threads on one socket and a TCP
// acceptor whose connections each get a thread (at most kMaxConnections at once). Blocking I/O
// with short timeouts, so that Stop is seen within a fifth of a second.
#include "dns/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

#include "base/strings.h"
#include "dns/responder.h"
#include "dns/response_cache.h"

namespace vnet::dns {

namespace {

constexpr int kMaxConnections = 128;
constexpr auto kTcpIdle = std::chrono::seconds(10);  // RFC 7766 suggests seconds, not minutes

void SetTimeout(int fd, int ms) {
  timeval tv{ms / 1000, (ms % 1000) * 1000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

// Reads exactly n bytes; false on EOF, error, idle timeout or stop.
bool ReadFull(int fd, uint8_t* buf, size_t n, const std::atomic<bool>& stopping) {
  auto deadline = std::chrono::steady_clock::now() + kTcpIdle;
  size_t got = 0;
  while (got < n) {
    ssize_t r = recv(fd, buf + got, n - got, 0);
    if (r > 0) {
      got += static_cast<size_t>(r);
      continue;
    }
    if (r == 0) return false;
    if ((errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) || stopping.load() ||
        std::chrono::steady_clock::now() > deadline) {
      return false;
    }
  }
  return true;
}

bool WriteFull(int fd, const uint8_t* buf, size_t n) {
  size_t sent = 0;
  while (sent < n) {
    ssize_t w = send(fd, buf + sent, n - sent, MSG_NOSIGNAL);
    if (w <= 0) {
      if (w < 0 && errno == EINTR) continue;
      return false;
    }
    sent += static_cast<size_t>(w);
  }
  return true;
}

void SetPort(sockaddr_storage* addr, int family, int port) {
  if (family == AF_INET) {
    reinterpret_cast<sockaddr_in*>(addr)->sin_port = htons(static_cast<uint16_t>(port));
  } else {
    reinterpret_cast<sockaddr_in6*>(addr)->sin6_port = htons(static_cast<uint16_t>(port));
  }
}

// The view a listener answers for in one DnsView, remembered while the view stays the same.
class AnswererCache {
 public:
  explicit AnswererCache(const ListenerSpec& spec) : spec_(spec) {}
  Answerer Get(const std::shared_ptr<const compile::DnsView>& view) {
    if (view == view_) return answerer_;
    view_ = view;
    answerer_ = Answerer{};
    reason_.clear();
    if (!view) {
      reason_ = "vnetd has no DNS view yet";
    } else if (EqualsIgnoreCase(spec_.view, "internet")) {
      answerer_.view = view.get();
      answerer_.from = Viewpoint::Internet();
    } else {
      const compile::Topology& t = *view->topology;
      compile::Index v = t.Find(spec_.view);
      if (v != compile::kNoIndex && v < t.vnets.size() &&
          EqualsIgnoreCase(t.vnets[v].id, spec_.view)) {
        answerer_.view = view.get();
        answerer_.from = Viewpoint::Vnet(v);
      } else {
        reason_ = "virtual network " + spec_.view + " is not in the model";
      }
    }
    answerer_.refused_reason = reason_;
    return answerer_;
  }

 private:
  const ListenerSpec& spec_;
  std::shared_ptr<const compile::DnsView> view_;
  Answerer answerer_;
  std::string reason_;
};

}  // namespace

struct DnsServer::Listener {
  ListenerSpec spec;
  sockaddr_storage addr{};
  socklen_t addr_len = 0;
  int udp = -1, tcp = -1;
  ~Listener() {
    if (udp >= 0) close(udp);
    if (tcp >= 0) close(tcp);
  }
};

DnsServer::DnsServer(ViewSource source, int udp_threads)
    : source_(std::move(source)), udp_threads_(udp_threads < 1 ? 1 : udp_threads) {}

DnsServer::~DnsServer() { Stop(); }

Result<ListenerSpec> DnsServer::ParseSpec(std::string_view text) {
  ListenerSpec spec;
  std::string_view address = text;
  if (size_t eq = text.find('='); eq != std::string_view::npos) {
    address = text.substr(0, eq);
    spec.view = std::string(Trim(text.substr(eq + 1)));
  } else {
    spec.view = "internet";
  }
  size_t colon = address.rfind(':');
  if (colon == std::string_view::npos || spec.view.empty()) {
    return Status::InvalidArgument("InvalidDnsListener",
                                   "a DNS listener is host:port or host:port=VIEW (VIEW: "
                                   "internet or a virtual network's resource id), not '" +
                                       std::string(text) + "'");
  }
  spec.host = std::string(address.substr(0, colon));
  std::string port(address.substr(colon + 1));
  char* end = nullptr;
  long p = std::strtol(port.c_str(), &end, 10);
  if (port.empty() || *end != '\0' || p < 0 || p > 65535) {
    return Status::InvalidArgument("InvalidDnsListener",
                                   "the DNS port '" + port + "' is not a number from 0 to 65535");
  }
  spec.port = static_cast<int>(p);
  return spec;
}

Result<int> DnsServer::Listen(const ListenerSpec& spec) {
  auto l = std::make_unique<Listener>();
  l->spec = spec;
  sockaddr_in v4{};
  sockaddr_in6 v6{};
  int family = AF_INET;
  if (inet_pton(AF_INET, spec.host.c_str(), &v4.sin_addr) == 1) {
    v4.sin_family = AF_INET;
    v4.sin_port = htons(static_cast<uint16_t>(spec.port));
    std::memcpy(&l->addr, &v4, sizeof v4);
    l->addr_len = sizeof v4;
  } else if (inet_pton(AF_INET6, spec.host.c_str(), &v6.sin6_addr) == 1) {
    family = AF_INET6;
    v6.sin6_family = AF_INET6;
    v6.sin6_port = htons(static_cast<uint16_t>(spec.port));
    std::memcpy(&l->addr, &v6, sizeof v6);
    l->addr_len = sizeof v6;
  } else {
    return Status::InvalidArgument(
        "InvalidDnsListener", "the DNS listen address '" + spec.host + "' is not an IP address");
  }
  auto fail = [&](const char* what) {
    return Status::FailedPrecondition("DnsListenFailed",
                                      std::string("cannot ") + what + " DNS on " + spec.host + ":" +
                                          std::to_string(spec.port) + ": " + std::strerror(errno));
  };
  // Port 0: UDP is given a free port and TCP takes the same one; that port can be in use for
  // TCP (another process's connection), so a few ports are tried before giving up.
  const int attempts = spec.port == 0 ? 16 : 1;
  int port = spec.port;
  for (int attempt = 0;; ++attempt) {
    SetPort(&l->addr, family, spec.port);
    l->udp = socket(family, SOCK_DGRAM, 0);
    if (l->udp < 0 || bind(l->udp, reinterpret_cast<sockaddr*>(&l->addr), l->addr_len) != 0) {
      return fail("bind UDP");
    }
    socklen_t len = l->addr_len;
    getsockname(l->udp, reinterpret_cast<sockaddr*>(&l->addr), &len);
    port = ntohs(family == AF_INET ? reinterpret_cast<sockaddr_in*>(&l->addr)->sin_port
                                   : reinterpret_cast<sockaddr_in6*>(&l->addr)->sin6_port);
    l->tcp = socket(family, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(l->tcp, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (l->tcp >= 0 && bind(l->tcp, reinterpret_cast<sockaddr*>(&l->addr), l->addr_len) == 0 &&
        listen(l->tcp, 64) == 0) {
      break;
    }
    if (errno != EADDRINUSE || attempt + 1 >= attempts) return fail("bind TCP");
    close(l->tcp);
    close(l->udp);
    l->tcp = l->udp = -1;
  }
  SetTimeout(l->udp, 200);
  l->spec.port = port;
  listeners_.push_back(std::move(l));
  return port;
}

void DnsServer::Start() {
  for (const auto& l : listeners_) {
    for (int i = 0; i < udp_threads_; ++i)
      threads_.emplace_back([this, p = l.get()] { ServeUdp(p); });
    threads_.emplace_back([this, p = l.get()] { ServeTcp(p); });
  }
}

void DnsServer::Stop() {
  stopping_ = true;
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
  while (connections_.load() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

void DnsServer::ServeUdp(Listener* l) {
  // Up to kBatch messages per system call each way (recvmmsg / sendmmsg): under load the cost of
  // a query is mostly the system calls.
  constexpr unsigned kBatch = 32;
  constexpr size_t kMaxMessage = 4096;  // larger datagrams are truncated, hence FORMERR
  AnswererCache cache(l->spec);
  ResponseCache answers;
  std::vector<uint8_t> in(kBatch * kMaxMessage);
  std::vector<std::vector<uint8_t>> out(kBatch);
  mmsghdr rx[kBatch], tx[kBatch];
  iovec rx_iov[kBatch], tx_iov[kBatch];
  sockaddr_storage peers[kBatch];
  while (!stopping_.load()) {
    for (unsigned i = 0; i < kBatch; ++i) {
      rx_iov[i] = {in.data() + i * kMaxMessage, kMaxMessage};
      rx[i] = {};
      rx[i].msg_hdr.msg_iov = &rx_iov[i];
      rx[i].msg_hdr.msg_iovlen = 1;
      rx[i].msg_hdr.msg_name = &peers[i];
      rx[i].msg_hdr.msg_namelen = sizeof peers[i];
    }
    int n = recvmmsg(l->udp, rx, kBatch, MSG_WAITFORONE, nullptr);
    if (n <= 0) continue;  // timeout: look at stopping_ again
    const Answerer answerer = cache.Get(source_());
    unsigned sends = 0;
    for (int i = 0; i < n; ++i) {
      std::span<const uint8_t> query(in.data() + static_cast<size_t>(i) * kMaxMessage,
                                     rx[i].msg_len);
      out[sends] = answers.Answer(answerer, query, Transport::kUdp);
      if (out[sends].empty()) continue;
      tx_iov[sends] = {out[sends].data(), out[sends].size()};
      tx[sends] = {};
      tx[sends].msg_hdr.msg_iov = &tx_iov[sends];
      tx[sends].msg_hdr.msg_iovlen = 1;
      tx[sends].msg_hdr.msg_name = &peers[i];
      tx[sends].msg_hdr.msg_namelen = rx[i].msg_hdr.msg_namelen;
      ++sends;
    }
    for (unsigned done = 0; done < sends;) {
      int m = sendmmsg(l->udp, tx + done, sends - done, 0);
      if (m <= 0) break;  // a full socket buffer drops answers, as UDP may
      done += static_cast<unsigned>(m);
    }
  }
}

void DnsServer::ServeTcp(Listener* l) {
  while (!stopping_.load()) {
    pollfd p{l->tcp, POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    int fd = accept(l->tcp, nullptr, nullptr);
    if (fd < 0) continue;
    if (connections_.load() >= kMaxConnections) {
      close(fd);
      continue;
    }
    ++connections_;
    std::thread([this, l, fd] {
      ServeConnection(l, fd);
      close(fd);
      --connections_;
    }).detach();
  }
}

void DnsServer::ServeConnection(Listener* l, int fd) {
  SetTimeout(fd, 200);
  AnswererCache cache(l->spec);
  ResponseCache answers;
  std::vector<uint8_t> msg;
  while (!stopping_.load()) {
    uint8_t len[2];
    if (!ReadFull(fd, len, 2, stopping_)) return;
    size_t n = (size_t{len[0]} << 8) | len[1];
    msg.resize(n);
    if (n == 0 || !ReadFull(fd, msg.data(), n, stopping_)) return;
    const std::vector<uint8_t>& out = answers.Answer(cache.Get(source_()), msg, Transport::kTcp);
    if (out.empty()) return;
    uint8_t head[2] = {static_cast<uint8_t>(out.size() >> 8), static_cast<uint8_t>(out.size())};
    if (!WriteFull(fd, head, 2) || !WriteFull(fd, out.data(), out.size())) return;
  }
}

}  // namespace vnet::dns
