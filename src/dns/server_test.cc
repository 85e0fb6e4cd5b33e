// The server over real loopback sockets: UDP and TCP answers for a VNet's view and the
// internet's, the listener spec parser, a listener whose VNet is not in the model, and a new view
// seen by the very next query.
#include "dns/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <ldns/ldns.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <mutex>

#include "dns/internal/test_view.h"

namespace vnet::dns {
namespace {

std::vector<uint8_t> Query(const char* name) {
  ldns_pkt* q = nullptr;
  EXPECT_EQ(ldns_pkt_query_new_frm_str(&q, name, LDNS_RR_TYPE_A, LDNS_RR_CLASS_IN, LDNS_RD),
            LDNS_STATUS_OK);
  ldns_pkt_set_id(q, 77);
  uint8_t* buf = nullptr;
  size_t size = 0;
  EXPECT_EQ(ldns_pkt2wire(&buf, q, &size), LDNS_STATUS_OK);
  std::vector<uint8_t> out(buf, buf + size);
  std::free(buf);
  ldns_pkt_free(q);
  return out;
}

sockaddr_in Loopback(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

// The rcode and the answer's last address ("" if none) of a response.
std::pair<int, std::string> Summary(const std::vector<uint8_t>& wire) {
  ldns_pkt* p = nullptr;
  if (ldns_wire2pkt(&p, wire.data(), wire.size()) != LDNS_STATUS_OK) return {-1, ""};
  std::string last;
  ldns_rr_list* an = ldns_pkt_answer(p);
  for (size_t i = 0; i < ldns_rr_list_rr_count(an); ++i) {
    ldns_rr* rr = ldns_rr_list_rr(an, i);
    if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_A) {
      char* s = ldns_rdf2str(ldns_rr_rdf(rr, 0));
      last = s;
      std::free(s);
    }
  }
  int rcode = ldns_pkt_get_rcode(p);
  ldns_pkt_free(p);
  return {rcode, last};
}

std::vector<uint8_t> AskUdp(int port, const std::vector<uint8_t>& q) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in a = Loopback(port);
  sendto(fd, q.data(), q.size(), 0, reinterpret_cast<sockaddr*>(&a), sizeof a);
  std::vector<uint8_t> buf(65536);
  ssize_t n = recv(fd, buf.data(), buf.size(), 0);
  close(fd);
  buf.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return buf;
}

std::vector<uint8_t> AskTcp(int port, const std::vector<uint8_t>& q, int times = 1) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = Loopback(port);
  EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  std::vector<uint8_t> last;
  for (int i = 0; i < times; ++i) {  // several queries on one connection
    uint8_t len[2] = {static_cast<uint8_t>(q.size() >> 8), static_cast<uint8_t>(q.size())};
    EXPECT_EQ(send(fd, len, 2, 0), 2);
    EXPECT_EQ(send(fd, q.data(), q.size(), 0), static_cast<ssize_t>(q.size()));
    uint8_t head[2];
    EXPECT_EQ(recv(fd, head, 2, MSG_WAITALL), 2);
    last.assign((size_t{head[0]} << 8) | head[1], 0);
    EXPECT_EQ(recv(fd, last.data(), last.size(), MSG_WAITALL), static_cast<ssize_t>(last.size()));
  }
  close(fd);
  return last;
}

TEST(DnsServerTest, ParseSpec) {
  auto plain = DnsServer::ParseSpec("127.0.0.1:5353");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->port, 5353);
  EXPECT_EQ(plain->view, "internet");
  auto vnet = DnsServer::ParseSpec("127.0.0.2:53=/subscriptions/s/x");
  ASSERT_TRUE(vnet.ok());
  EXPECT_EQ(vnet->host, "127.0.0.2");
  EXPECT_EQ(vnet->view, "/subscriptions/s/x");
  EXPECT_FALSE(DnsServer::ParseSpec("127.0.0.1").ok());
  EXPECT_FALSE(DnsServer::ParseSpec("127.0.0.1:99999").ok());
  EXPECT_FALSE(DnsServer::ParseSpec("127.0.0.1:53=").ok());
  DnsServer s([] { return nullptr; });
  EXPECT_EQ(s.Listen({"not-an-ip", 0, "internet"}).status().code(), StatusCode::kInvalidArgument);
}

TEST(DnsServerTest, AnswersPerListenerOverUdpAndTcpAndSeesNewViews) {
  std::mutex mu;
  std::shared_ptr<const compile::DnsView> current = testing::MakeView();
  DnsServer server([&] {
    std::lock_guard<std::mutex> lock(mu);
    return current;
  });
  const std::string linked_id = current->topology->vnets[testing::kLinked].id;
  auto linked = server.Listen({"127.0.0.1", 0, linked_id});
  auto internet = server.Listen({"127.0.0.1", 0, "internet"});
  auto missing = server.Listen({"127.0.0.1", 0, linked_id + "-gone"});
  ASSERT_TRUE(linked.ok() && internet.ok() && missing.ok());
  server.Start();
  const std::vector<uint8_t> q = Query("acct.blob.core.windows.net.");
  EXPECT_EQ(Summary(AskUdp(*linked, q)), std::make_pair(0, std::string("10.1.0.5")));
  EXPECT_EQ(Summary(AskTcp(*linked, q, 3)), std::make_pair(0, std::string("10.1.0.5")));
  EXPECT_EQ(Summary(AskUdp(*internet, q)), std::make_pair(0, std::string("20.1.1.1")));
  EXPECT_EQ(Summary(AskTcp(*internet, q)), std::make_pair(0, std::string("20.1.1.1")));
  EXPECT_EQ(Summary(AskUdp(*missing, q)).first, LDNS_RCODE_REFUSED);

  // The link goes away: the next query resolves publicly.
  auto changed = testing::MakeView();
  changed->links[testing::kLinked].clear();
  {
    std::lock_guard<std::mutex> lock(mu);
    current = changed;
  }
  EXPECT_EQ(Summary(AskUdp(*linked, q)), std::make_pair(0, std::string("20.1.1.1")));
  server.Stop();
}

}  // namespace
}  // namespace vnet::dns
