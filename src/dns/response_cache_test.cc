// The cache against Respond itself: for every message of a table (queries of each kind, EDNS
// sizes, malformed ones) sent twice with different ids, over UDP and TCP, the cached answer is
// byte for byte what Respond gives; a new view empties the cache.
#include "dns/response_cache.h"

#include <gtest/gtest.h>

#include <random>

#include "dns/internal/test_view.h"

namespace vnet::dns {
namespace {

// A query in wire format, built by hand (RFC 1035 4.1).
std::vector<uint8_t> Query(const std::string& name, uint16_t type, uint16_t id,
                           int edns_size = -1) {
  std::vector<uint8_t> q = {static_cast<uint8_t>(id >> 8),
                            static_cast<uint8_t>(id),
                            1,
                            0,
                            0,
                            1,
                            0,
                            0,
                            0,
                            0,
                            0,
                            static_cast<uint8_t>(edns_size >= 0 ? 1 : 0)};
  size_t start = 0;
  while (start <= name.size()) {
    size_t dot = name.find('.', start);
    if (dot == std::string::npos) dot = name.size();
    q.push_back(static_cast<uint8_t>(dot - start));
    q.insert(q.end(), name.begin() + static_cast<long>(start),
             name.begin() + static_cast<long>(dot));
    start = dot + 1;
  }
  q.insert(q.end(), {0, static_cast<uint8_t>(type >> 8), static_cast<uint8_t>(type), 0, 1});
  if (edns_size >= 0) {
    q.insert(q.end(), {0, 0, 41, static_cast<uint8_t>(edns_size >> 8),
                       static_cast<uint8_t>(edns_size), 0, 0, 0, 0, 0, 0});
  }
  return q;
}

TEST(ResponseCacheTest, AgreesWithRespondWhateverTheId) {
  auto view = testing::MakeView();
  std::vector<std::vector<uint8_t>> messages = {
      Query("acct.blob.core.windows.net", 1, 1),
      Query("ACCT.blob.core.windows.net", 1, 1),
      Query("acct.blob.core.windows.net", 28, 1),
      Query("nosuch.blob.core.windows.net", 1, 1),
      Query("txt.big.internal", 16, 1),
      Query("txt.big.internal", 16, 1, 4096),
      Query("txt.big.internal", 16, 1, 600),
      Query("www.example.com", 1, 1, 1232),
      Query("x.loop.internal", 1, 1),
      Query("big.internal", 252, 1),
      {0, 1, 1, 0, 0, 1},                                            // shorter than a header
      {0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 0x0C, 0, 1, 0, 1},  // pointer loop
  };
  std::mt19937_64 rng(301);
  for (int i = 0; i < 200; ++i) {  // random corruptions of valid queries
    std::vector<uint8_t> m = messages[rng() % 10];
    m[2 + rng() % (m.size() - 2)] = static_cast<uint8_t>(rng());
    messages.push_back(m);
  }
  for (const Transport t : {Transport::kUdp, Transport::kTcp}) {
    for (compile::Index vnet : {testing::kLinked, testing::kForward, testing::kUnlinked}) {
      Answerer a{view.get(), Viewpoint::Vnet(vnet), ""};
      ResponseCache cache;
      for (int round = 0; round < 2; ++round) {
        for (std::vector<uint8_t> m : messages) {
          if (m.size() >= 2)
            m[0] = static_cast<uint8_t>(round * 7), m[1] = static_cast<uint8_t>(rng());
          ASSERT_EQ(cache.Answer(a, m, t), Respond(a, m, t)) << "message of " << m.size();
        }
      }
      EXPECT_GE(cache.hits(), messages.size() - 2);
    }
  }
}

TEST(ResponseCacheTest, ANewViewEmptiesIt) {
  auto view = testing::MakeView();
  auto other = testing::MakeView();
  other->links[testing::kLinked].clear();
  ResponseCache cache;
  const std::vector<uint8_t> q = Query("acct.blob.core.windows.net", 1, 9);
  Answerer before{view.get(), Viewpoint::Vnet(testing::kLinked), ""};
  Answerer after{other.get(), Viewpoint::Vnet(testing::kLinked), ""};
  std::vector<uint8_t> first = cache.Answer(before, q, Transport::kUdp);
  EXPECT_EQ(cache.size(), 1u);
  std::vector<uint8_t> second = cache.Answer(after, q, Transport::kUdp);
  EXPECT_NE(first, second);  // private address before, public chain after
  EXPECT_EQ(second, Respond(after, q, Transport::kUdp));
  EXPECT_EQ(cache.hits(), 0u);
}

}  // namespace
}  // namespace vnet::dns
