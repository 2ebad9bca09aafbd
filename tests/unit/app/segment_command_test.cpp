// `octgate segment`: one JSON (the webhook's `output` object) per image, an overlay on request,
// bad files reported and skipped with a non-zero exit.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/paths.h"
#include "synth/oct_generator.h"

namespace octgate {
namespace {

namespace fs = std::filesystem;

// Binary PGM: OpenCV reads it, and the test needs no image encoder.
void write_pgm(const fs::path& path, const cv::Mat& gray) {
  std::ofstream out(path, std::ios::binary);
  out << "P5\n" << gray.cols << " " << gray.rows << "\n255\n";
  for (int y = 0; y < gray.rows; ++y) out.write(reinterpret_cast<const char*>(gray.ptr(y)), gray.cols);
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int run(const std::string& args) {
  const std::string cmd = octgate::testing::octgate_binary() + " segment " + args + " 2>/dev/null";
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class SegmentCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("octgate_segment_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(SegmentCommand, WritesTheWebhookOutputObjectAndAnOverlay) {
  synth::ScanOptions o;
  o.width = 256;
  o.height = 200;
  write_pgm(dir_ / "scan.pgm", synth::generate_scan(o).image);
  ASSERT_EQ(run((dir_ / "scan.pgm").string() + " --out " + (dir_ / "out").string() + " --overlay"), 0);

  const boost::json::value doc = boost::json::parse(read_file(dir_ / "out" / "scan.json"));
  EXPECT_EQ(doc.at("metadata").at("width").as_int64(), 256);
  EXPECT_EQ(doc.at("metadata").at("height").as_int64(), 200);
  const auto& instances = doc.at("instances").as_array();
  ASSERT_EQ(instances.size(), 1u);
  const auto& inst = instances[0].as_object();
  EXPECT_EQ(inst.at("type").as_string(), "polyline");
  EXPECT_EQ(inst.at("className").as_string(), "ilm");
  EXPECT_EQ(inst.at("classId").as_int64(), 14);
  EXPECT_EQ(inst.at("probability").as_int64(), 100);
  EXPECT_TRUE(inst.at("attributes").as_array().empty());
  const auto& points = inst.at("points").as_array();
  ASSERT_EQ(points.size() % 2, 0u);
  EXPECT_GT(points.size(), 2u * 240u) << "nearly every column of a clear scan is reported";
  EXPECT_TRUE(fs::exists(dir_ / "out" / "scan.overlay.png"));
}

TEST_F(SegmentCommand, ThresholdOneLeavesOnlyFullyConfidentColumns) {
  synth::ScanOptions o;
  o.width = 128;
  o.height = 128;
  o.noise = synth::NoiseLevel::heavy();
  write_pgm(dir_ / "a.pgm", synth::generate_scan(o).image);
  ASSERT_EQ(run((dir_ / "a.pgm").string() + " --out " + dir_.string() + " --threshold 0"), 0);
  const auto all = boost::json::parse(read_file(dir_ / "a.json")).at("instances").at(0).at("points").as_array().size();
  ASSERT_EQ(run((dir_ / "a.pgm").string() + " --out " + dir_.string() + " --threshold 1"), 0);
  const auto strict = boost::json::parse(read_file(dir_ / "a.json")).at("instances").at(0).at("points").as_array().size();
  EXPECT_LE(strict, all);
  EXPECT_NE(run((dir_ / "a.pgm").string() + " --out " + dir_.string() + " --threshold 1.5"), 0);
}

TEST_F(SegmentCommand, BadFileIsSkippedAndTheExitIsNonZero) {
  synth::ScanOptions o;
  o.width = 128;
  o.height = 128;
  write_pgm(dir_ / "good.pgm", synth::generate_scan(o).image);
  std::ofstream(dir_ / "bad.png") << "not an image";
  const int rc = run((dir_ / "bad.png").string() + " " + (dir_ / "good.pgm").string() + " --out " +
                     (dir_ / "out").string());
  EXPECT_NE(rc, 0);
  EXPECT_TRUE(fs::exists(dir_ / "out" / "good.json")) << "the good file after the bad one is still done";
  EXPECT_FALSE(fs::exists(dir_ / "out" / "bad.json"));
}

TEST_F(SegmentCommand, ParallelJobsWriteWhatOneJobWrites) {
  std::string files;
  for (int i = 0; i < 6; ++i) {
    synth::ScanOptions o;
    o.width = 160;
    o.height = 128;
    o.seed = static_cast<std::uint64_t>(i + 1);
    const fs::path path = dir_ / ("s" + std::to_string(i) + ".pgm");
    write_pgm(path, synth::generate_scan(o).image);
    files += path.string() + " ";
  }
  std::ofstream(dir_ / "broken.png") << "\x89PNG\r\n";
  files += (dir_ / "broken.png").string();
  EXPECT_EQ(run(files + " --out " + (dir_ / "one").string() + " --jobs 1"), 2);
  EXPECT_EQ(run(files + " --out " + (dir_ / "three").string() + " -j 3"), 2);
  for (int i = 0; i < 6; ++i) {
    const std::string name = "s" + std::to_string(i) + ".json";
    const std::string one = read_file(dir_ / "one" / name);
    EXPECT_FALSE(one.empty()) << name;
    EXPECT_EQ(one, read_file(dir_ / "three" / name)) << name;
  }
  EXPECT_FALSE(fs::exists(dir_ / "three" / "broken.json"));
  EXPECT_NE(run(files + " --jobs 0"), 0);
}

}  // namespace
}  // namespace octgate
