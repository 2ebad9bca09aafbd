#include "app/segment_command.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "ilm/ilm_segmenter.h"
#include "jobs/result_document.h"

namespace octgate {
namespace {

namespace fs = std::filesystem;

struct SegmentArgs {
  std::vector<std::string> images;
  std::string out_dir = ".";
  bool overlay = false;
  float threshold = 0.25f;
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

int run_segment(const SegmentArgs& args) {
  std::error_code ec;
  fs::create_directories(args.out_dir, ec);
  if (ec) {
    std::cerr << "octgate segment: cannot create output directory " << args.out_dir << ": "
              << ec.message() << "\n";
    return 1;
  }
  const ilm::IlmSegmenter segmenter;
  const bool progress = args.images.size() > 1;
  int failures = 0;
  const auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < args.images.size(); ++i) {
    const fs::path in = args.images[i];
    if (progress) std::cerr << "[" << (i + 1) << "/" << args.images.size() << "] " << in.string() << "\n";
    const cv::Mat gray = cv::imread(in.string(), cv::IMREAD_GRAYSCALE);
    if (gray.empty()) {
      std::cerr << "octgate segment: skipped " << in.string() << ": not a readable image\n";
      ++failures;
      continue;
    }
    const ilm::IlmBoundary boundary = segmenter.segment(gray);
    const std::string stem = in.stem().string();
    const fs::path json_path = fs::path(args.out_dir) / (stem + ".json");
    if (!write_text(json_path, jobs::output_document(boundary.height, boundary.width, ilm::to_polyline(boundary, args.threshold)))) {
      std::cerr << "octgate segment: cannot write " << json_path.string() << "\n";
      ++failures;
      continue;
    }
    if (args.overlay) {
      const fs::path png = fs::path(args.out_dir) / (stem + ".overlay.png");
      if (!cv::imwrite(png.string(), overlay_image(gray, boundary, args.threshold))) {
        std::cerr << "octgate segment: cannot write " << png.string() << "\n";
        ++failures;
      }
    }
  }
  if (progress) {
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cerr << "done: " << args.images.size() - failures << " of " << args.images.size()
              << " images in " << s << " s\n";
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
  cmd->callback([args] {
    const int rc = run_segment(*args);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace octgate
