#include "http/http_client.h"

#include <gtest/gtest.h>

#include "support/webhook_receiver.h"

namespace octgate::http {
namespace {

TEST(HttpClient, APinnedAddressIsUsedInsteadOfResolvingTheName) {
  testing::WebhookReceiver receiver;
  OutboundRequest request;
  request.method = "POST";
  request.url = "http://never-resolves.invalid:" + std::to_string(receiver.port()) + "/hook";
  request.body = "{}";
  auto unpinned = send_request(request);
  EXPECT_FALSE(unpinned) << "the .invalid name must not resolve";
  request.pinned_address = "127.0.0.1";
  auto pinned = send_request(request);
  ASSERT_TRUE(pinned) << pinned.status().message();
  EXPECT_EQ(pinned->status, 200);
  ASSERT_EQ(receiver.wait_for(1).size(), 1u);
  EXPECT_EQ(receiver.received()[0].header("Host"), "never-resolves.invalid:" + std::to_string(receiver.port()));
}

TEST(HttpClient, RedirectsAreNotFollowedAndNoAnswerIsAnError) {
  testing::WebhookReceiver receiver;
  receiver.set_status(302);
  receiver.set_answer_header("Location", "http://127.0.0.1:1/elsewhere");
  OutboundRequest request;
  request.method = "POST";
  request.url = receiver.url();
  auto answer = send_request(request);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 302);
  EXPECT_EQ(receiver.received().size(), 1u);

  request.url = "http://127.0.0.1:1/closed";
  auto refused = send_request(request);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.status().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace octgate::http
