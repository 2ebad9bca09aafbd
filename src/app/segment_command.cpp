#include "app/segment_command.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <mutex>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <thread>
#include <vector>

#include "ilm/ilm_segmenter.h"
#include "imaging/decode.h"
#include "jobs/result_document.h"

namespace octgate {
namespace {

namespace fs = std::filesystem;

struct SegmentArgs {
  std::vector<std::string> images;
  std::string out_dir = ".";
  bool overlay = false;
  float threshold = 0.25f;
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
};

// The scan in grey with the reported ILM in red, and columns below the threshold in dim yellow.
cv::Mat overlay_image(const cv::Mat& gray, const ilm::IlmBoundary& b, float threshold) {
  cv::Mat bgr;
  cv::cvtColor(gray, bgr, cv::COLOR_GRAY2BGR);
  for (int x = 0; x < b.width; ++x) {
    if (std::isnan(b.row[x])) continue;
    const int y = static_cast<int>(std::lround(b.row[x]));
    if (y < 0 || y >= bgr.rows) continue;
    const cv::Vec3b colour = b.confidence[x] >= threshold ? cv::Vec3b(0, 0, 255) : cv::Vec3b(0, 200, 255);
    bgr.at<cv::Vec3b>(y, x) = colour;
  }
  return bgr;
}

bool write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text << '\n';
  return static_cast<bool>(out);
}

// Reports problems on stderr and progress there: a bar redrawn in place on a terminal, one line per
// finished image otherwise. Shared by the worker threads.
class Progress {
 public:
  explicit Progress(std::size_t total) : total_(total), terminal_(::isatty(STDERR_FILENO) == 1) {}

  void problem(const std::string& message) {
    std::lock_guard lock(mutex_);
    if (terminal_ && drawn_) std::cerr << "\r\033[K";
    std::cerr << "octgate segment: " << message << "\n";
    if (terminal_ && drawn_) draw();
  }

  void finished(const fs::path& image) {
    std::lock_guard lock(mutex_);
    ++done_;
    if (total_ < 2) return;
    if (!terminal_) {
      std::cerr << "[" << done_ << "/" << total_ << "] " << image.string() << "\n";
      return;
    }
    draw();
    if (done_ == total_) std::cerr << "\n";
  }

 private:
  void draw() {
    constexpr std::size_t kWidth = 40;
    const std::size_t filled = kWidth * done_ / total_;
    std::cerr << "\r[" << std::string(filled, '#') << std::string(kWidth - filled, ' ') << "] " << done_ << "/"
              << total_ << std::flush;
    drawn_ = true;
  }

  std::mutex mutex_;
  const std::size_t total_;
  const bool terminal_;
  std::size_t done_ = 0;
  bool drawn_ = false;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Segments one image and writes its outputs; false (after saying why) when any step fails.
bool segment_one(const SegmentArgs& args, const ilm::IlmSegmenter& segmenter, const fs::path& in,
                 Progress& progress) {
  const std::string bytes = read_file(in);
  auto gray = imaging::decode_grayscale(
      {reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()}, imaging::ImageLimits{});
  if (!gray) {
    progress.problem("skipped " + in.string() + ": " + gray.status().message());
    return false;
  }
  const ilm::IlmBoundary boundary = segmenter.segment(*gray);
  const std::string stem = in.stem().string();
  const fs::path json_path = fs::path(args.out_dir) / (stem + ".json");
  if (!write_text(json_path, jobs::output_document(boundary.height, boundary.width,
                                                   ilm::to_polyline(boundary, args.threshold)))) {
    progress.problem("cannot write " + json_path.string());
    return false;
  }
  if (args.overlay) {
    const fs::path png = fs::path(args.out_dir) / (stem + ".overlay.png");
    if (!cv::imwrite(png.string(), overlay_image(*gray, boundary, args.threshold))) {
      progress.problem("cannot write " + png.string());
      return false;
    }
  }
  return true;
}

int run_segment(const SegmentArgs& args) {
  std::error_code ec;
  fs::create_directories(args.out_dir, ec);
  if (ec) {
    std::cerr << "octgate segment: cannot create output directory " << args.out_dir << ": " << ec.message() << "\n";
    return 1;
  }
  const std::size_t workers = std::min<std::size_t>(args.jobs, args.images.size());
  if (workers > 1) cv::setNumThreads(1);  // one image per core; no nested OpenCV threads
  const ilm::IlmSegmenter segmenter;
  Progress progress(args.images.size());
  std::atomic<std::size_t> next{0};
  std::atomic<int> failures{0};
  const auto start = std::chrono::steady_clock::now();
  auto work = [&] {
    for (std::size_t i = next++; i < args.images.size(); i = next++) {
      if (!segment_one(args, segmenter, args.images[i], progress)) ++failures;
      progress.finished(args.images[i]);
    }
  };
  std::vector<std::jthread> threads;
  for (std::size_t t = 1; t < workers; ++t) threads.emplace_back(work);
  work();
  threads.clear();
  if (args.images.size() > 1) {
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cerr << "done: " << args.images.size() - failures << " of " << args.images.size() << " images in " << s
              << " s with " << workers << " jobs\n";
  }
  return failures == 0 ? 0 : 2;
}

}  // namespace

void add_segment_command(CLI::App& app) {
  auto args = std::make_shared<SegmentArgs>();
  CLI::App* cmd = app.add_subcommand("segment", "Segment the ILM on image files with the embedded engine");
  cmd->add_option("images", args->images, "B-scan image files (any format OpenCV reads)")->required();
  cmd->add_option("--out", args->out_dir, "Output directory (default: current directory)");
  cmd->add_flag("--overlay", args->overlay, "Also write NAME.overlay.png with the ILM drawn in red");
  cmd->add_option("--threshold", args->threshold, "Leave out columns with a lower confidence")
      ->check(CLI::Range(0.0f, 1.0f));
  cmd->add_option("--jobs,-j", args->jobs, "Images segmented at once (default: one per core)")
      ->check(CLI::Range(1u, 1024u));
  cmd->callback([args] {
    const int rc = run_segment(*args);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace octgate
