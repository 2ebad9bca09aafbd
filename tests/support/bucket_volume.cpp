#include "support/bucket_volume.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <algorithm>
#include <set>
#include <thread>

#include "support/test_scans.h"

namespace octgate::testing {

namespace json = boost::json;

std::vector<VolumeObject> synthetic_volume(const std::string& prefix, int slices) {
  std::vector<VolumeObject> objects;
  for (int i = 0; i < slices; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "file.%03d", i);
    VolumeObject object;
    object.name = prefix + name;
    if (i == 3) {
      object.bytes = "this slice is not an image";
    } else {
      object.width = 64 + 8 * i;
      object.height = 48 + 2 * i;
      object.bytes = encode_image(simple_bscan(object.width, object.height), i % 3 == 2 ? ".jpg" : ".png");
    }
    objects.push_back(std::move(object));
  }
  objects.push_back({prefix + "readme.txt", "exported by the device", 0, 0});
  return objects;
}

std::vector<VolumeObject> images_of(const std::vector<VolumeObject>& objects) {
  std::vector<VolumeObject> images;
  for (const auto& o : objects)
    if (o.is_image()) images.push_back(o);
  return images;
}

void upload(storage::ObjectStore& store, const std::string& bucket, const std::vector<VolumeObject>& objects) {
  for (const auto& o : objects) {
    Status written = store.write(bucket, o.name, o.bytes, o.is_image() ? "image/png" : "text/plain");
    ASSERT_TRUE(written.is_ok()) << written.message();
  }
}

void expect_sent(const json::object& answer, const std::vector<VolumeObject>& expected, const std::string& examination_id,
                 const std::string& output_folder) {
  EXPECT_EQ(answer.at("status").as_string(), "sent");
  EXPECT_EQ(answer.at("examination_id").as_string(), examination_id);
  const auto& filenames = answer.at("filename").as_array();
  const auto& uuids = answer.at("request_uuid").as_array();
  const auto& paths = answer.at("result_path").as_array();
  ASSERT_EQ(filenames.size(), expected.size()) << json::serialize(answer);
  ASSERT_EQ(uuids.size(), expected.size());
  ASSERT_EQ(paths.size(), expected.size());
  std::set<std::string> distinct;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(filenames[i].as_string(), expected[i].name);
    std::string uuid(uuids[i].as_string());
    EXPECT_EQ(uuid.size(), 36u);
    EXPECT_EQ(uuid[14], '4');
    distinct.insert(uuid);
    EXPECT_EQ(paths[i].as_string(), output_folder + "/" + uuid + ".json");
  }
  EXPECT_EQ(distinct.size(), expected.size());
}

std::map<std::string, json::object> expect_webhooks(WebhookReceiver& receiver, const json::object& answer,
                                                    const std::vector<VolumeObject>& expected) {
  std::map<std::string, json::object> by_uuid;
  // Wait only for webhooks the answer promised (a wrong answer has already failed the test).
  std::size_t promised = answer.contains("request_uuid") ? answer.at("request_uuid").as_array().size() : 0;
  auto hooks = receiver.wait_for(std::min(promised, expected.size()), std::chrono::seconds(60));
  EXPECT_EQ(hooks.size(), expected.size());
  for (const auto& hook : hooks) {
    auto doc = json::parse(hook.body).as_object();
    by_uuid[std::string(doc.at("id").as_string())] = doc;
  }
  const auto& uuids = answer.at("request_uuid").as_array();
  for (std::size_t i = 0; i < expected.size() && i < uuids.size(); ++i) {
    auto it = by_uuid.find(std::string(uuids[i].as_string()));
    if (it == by_uuid.end()) {
      ADD_FAILURE() << "no webhook for " << expected[i].name;
      continue;
    }
    const auto& doc = it->second;
    EXPECT_EQ(doc.at("status").as_string(), "COMPLETED") << json::serialize(doc);
    EXPECT_EQ(doc.at("filename").as_string(), expected[i].name);
    const auto& output = doc.at("output").as_object();
    EXPECT_EQ(output.at("metadata").at("width").as_int64(), expected[i].width);
    EXPECT_EQ(output.at("metadata").at("height").as_int64(), expected[i].height);
    EXPECT_EQ(output.at("instances").at(0).at("points").as_array().size(), 2u * expected[i].width);
  }
  // Exactly one per slice: nothing more arrives.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(receiver.received().size(), expected.size());
  return by_uuid;
}

}  // namespace octgate::testing
