// The local object store and the bucket routes' header rules, without a server.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "api/bucket_request.h"
#include "jobs/result_document.h"
#include "storage/local_object_store.h"

namespace octgate {
namespace {

namespace fs = std::filesystem;

class LocalStore : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "octgate-local-store-XXXXXX").string();
    root_ = mkdtemp(pattern.data());
    fs::create_directories(root_ / "bucket");
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST_F(LocalStore, WritesReadsAndListsByPrefixAcrossPages) {
  storage::LocalObjectStore store(root_, 2);
  for (const char* name : {"exam/file.002", "exam/file.000", "exam/sub/file.001", "other/file.000", "exam/a b+c.png"})
    ASSERT_TRUE(store.write("bucket", name, name, "application/octet-stream").is_ok()) << name;
  auto first = store.list_page("bucket", "exam/", "");
  ASSERT_TRUE(first) << first.status().message();
  ASSERT_EQ(first->objects.size(), 2u);
  EXPECT_EQ(first->objects[0].name, "exam/a b+c.png");
  EXPECT_EQ(first->objects[1].name, "exam/file.000");
  EXPECT_FALSE(first->next_page_token.empty());
  auto all = storage::list_all(store, "bucket", "exam/");
  ASSERT_TRUE(all);
  std::vector<std::string> names;
  for (const auto& o : *all) names.push_back(o.name);
  EXPECT_EQ(names, (std::vector<std::string>{"exam/a b+c.png", "exam/file.000", "exam/file.002", "exam/sub/file.001"}));
  EXPECT_EQ((*all)[1].size, std::string("exam/file.000").size());
  EXPECT_EQ(*store.read("bucket", "exam/sub/file.001"), "exam/sub/file.001");
}

TEST_F(LocalStore, UnknownBucketIsNotFoundNamingTheBucket) {
  storage::LocalObjectStore store(root_);
  auto page = store.list_page("missing", "exam", "");
  ASSERT_FALSE(page);
  EXPECT_EQ(page.status().code(), StatusCode::kNotFound);
  EXPECT_NE(page.status().message().find("'missing'"), std::string::npos);
  EXPECT_EQ(store.read("bucket", "nope").status().code(), StatusCode::kNotFound);
}

TEST_F(LocalStore, NamesThatWouldEscapeTheRootAreRefused) {
  storage::LocalObjectStore store(root_);
  EXPECT_EQ(store.write("bucket", "../escape", "x", "t").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store.write("bucket", "/abs", "x", "t").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store.write("..", "x", "x", "t").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store.read("bucket", "a/../../x").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store.list_page("a/b", "", "").status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(fs::exists(root_ / "escape"));
}

TEST(BucketRequest, SliceIndicesBecomeThreeDigitPrefixes) {
  EXPECT_EQ(api::volume_prefixes("exam", std::nullopt), std::vector<std::string>{"exam"});
  EXPECT_EQ(api::volume_prefixes("exam/", std::nullopt), std::vector<std::string>{"exam/"});
  EXPECT_EQ(api::volume_prefixes("exam", std::vector<int>{45, 0, 7, 1234}),
            (std::vector<std::string>{"exam/file.045", "exam/file.000", "exam/file.007", "exam/file.1234"}));
  EXPECT_TRUE(api::volume_prefixes("exam", std::vector<int>{}).empty());
}

TEST(BucketRequest, WriteToGcsParsesLikeABoolHeader) {
  EXPECT_FALSE(*api::parse_write_to_gcs(std::nullopt));
  for (const char* yes : {"true", "True", "TRUE", "1", "yes", "on"}) EXPECT_TRUE(*api::parse_write_to_gcs(yes)) << yes;
  for (const char* no : {"false", "False", "0", "no", "off"}) EXPECT_FALSE(*api::parse_write_to_gcs(no)) << no;
  auto bad = api::parse_write_to_gcs("maybe");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("Write-To-GCS"), std::string::npos);
}

TEST(BucketRequest, ResultPathIsFolderSlashUuidDotJson) {
  EXPECT_EQ(api::result_path("results", "1b4e28ba-2fa1-41d2-883f-0016d3cca427"),
            "results/1b4e28ba-2fa1-41d2-883f-0016d3cca427.json");
}

TEST(StoredResultDocument, PointsAreAJsonListIndentedByFourAsTheReferenceWritesIt) {
  EXPECT_EQ(jobs::stored_points_document({0.f, 12.5f, 1.f, 13.25f}), "[\n    0,\n    12.5,\n    1,\n    13.25\n]");
  EXPECT_EQ(jobs::stored_points_document({}), "[]");
  EXPECT_EQ(jobs::stored_error_document("model \"ilm\" failed"), "{\n    \"error\": \"model \\\"ilm\\\" failed\"\n}");
}

}  // namespace
}  // namespace octgate
