#pragma once
// A synthetic OCT volume in a bucket, and checks of what the bucket routes answer with.
#include <boost/json/object.hpp>
#include <map>
#include <string>
#include <vector>

#include "storage/object_store.h"
#include "support/webhook_receiver.h"

namespace octgate::testing {

struct VolumeObject {
  std::string name;
  std::string bytes;
  int width = 0, height = 0;  // 0 for objects that are not images
  bool is_image() const { return width > 0; }
};

// {prefix}file.000 .. file.{slices-1}: small B-scans (PNG, every third a JPEG), except that
// file.003 holds text; plus {prefix}readme.txt. Names in lexicographic order.
std::vector<VolumeObject> synthetic_volume(const std::string& prefix, int slices);
// The images of objects, in order.
std::vector<VolumeObject> images_of(const std::vector<VolumeObject>& objects);

// Writes every object; fails the test on the first error.
void upload(storage::ObjectStore& store, const std::string& bucket, const std::vector<VolumeObject>& objects);

// Checks a 200 answer of a bucket route against the images expected (in order): the arrays
// correspond, uuids are distinct v4 UUIDs and result paths are {folder}/{uuid}.json.
void expect_sent(const boost::json::object& answer, const std::vector<VolumeObject>& expected,
                 const std::string& examination_id, const std::string& output_folder = "results");
// Waits for one webhook per image and checks each is COMPLETED for its uuid, filename and size;
// returns the webhook documents by request_uuid.
std::map<std::string, boost::json::object> expect_webhooks(WebhookReceiver& receiver, const boost::json::object& answer,
                                                           const std::vector<VolumeObject>& expected);

}  // namespace octgate::testing
