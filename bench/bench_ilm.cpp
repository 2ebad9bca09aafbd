// bench_ilm: single-thread time per B-scan of the embedded ILM engine, and its accuracy on the
// synthetic generator. Usage: bench_ilm [--quick] [--size WxH [--calls N]]. See bench/README.md.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <opencv2/core/utility.hpp>

#include "ilm/ilm_segmenter.h"
#include "synth/accuracy.h"
#include "synth/oct_generator.h"

namespace {

using octgate::ilm::IlmSegmenter;
using octgate::synth::NoiseLevel;
using octgate::synth::ScanOptions;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// A generated scan of w x h, its fovea and curvature scaled from the 768x496 defaults.
cv::Mat scan_of_size(int w, int h) {
  ScanOptions o;
  o.width = w;
  o.height = h;
  o.fovea_width_px = 55.f * w / 768.f;
  o.curvature_px = 25.f * h / 496.f;
  return octgate::synth::generate_scan(o).image;
}

// Median over rounds of the mean time of `reps` calls, in milliseconds.
void time_size(const IlmSegmenter& seg, int w, int h, int rounds, int reps) {
  const cv::Mat img = scan_of_size(w, h);
  for (int i = 0; i < 5; ++i) seg.segment(img);  // warm-up: caches, thread-local buffers
  std::vector<double> per_round;
  for (int r = 0; r < rounds; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < reps; ++i) seg.segment(img);
    const auto t1 = std::chrono::steady_clock::now();
    per_round.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count() / reps);
  }
  std::vector<double> sorted = per_round;
  std::sort(sorted.begin(), sorted.end());
  std::printf("| %4d x %-4d | %8.3f | %8.3f | %8.3f |\n", w, h, median(per_round), sorted.front(),
              sorted.back());
}

struct Scenario {
  const char* name;
  ScanOptions options;
};

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  int only_w = 0, only_h = 0, calls = 0;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      quick = true;
    } else if (std::strcmp(argv[i], "--size") == 0 && i + 1 < argc &&
               std::sscanf(argv[i + 1], "%dx%d", &only_w, &only_h) == 2) {
      ++i;
    } else if (std::strcmp(argv[i], "--calls") == 0 && i + 1 < argc) {
      calls = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: bench_ilm [--quick] [--size WxH [--calls N]]\n");
      return 2;
    }
  }
  cv::setNumThreads(1);  // one core: OpenCV would otherwise spread its filters over a pool
  const IlmSegmenter seg;
  if (only_w > 0 && calls > 0) {
    // A fixed number of calls on one size, nothing printed: for instruction counts
    // (valgrind --tool=callgrind build/release/bench_ilm --size 768x496 --calls 10).
    const cv::Mat img = scan_of_size(only_w, only_h);
    for (int i = 0; i < calls; ++i) seg.segment(img);
    return 0;
  }
  const int rounds = quick ? 3 : 15, reps = quick ? 5 : 20;

  std::printf("Single-thread time per B-scan (ms), median / min / max of %d rounds of %d scans\n\n",
              rounds, reps);
  std::printf("| size (WxH)  |   median |      min |      max |\n|-------------|---------:|---------:|---------:|\n");
  if (only_w > 0) {  // one size, no accuracy table
    time_size(seg, only_w, only_h, rounds, reps);
    return 0;
  }
  time_size(seg, 512, 496, rounds, reps);
  time_size(seg, 768, 496, rounds, reps);
  time_size(seg, 1024, 496, rounds, reps);
  time_size(seg, 512, 1024, rounds, reps);

  // Accuracy on the generator: several seeds per scenario, errors pooled over all columns.
  std::vector<Scenario> scenarios;
  const std::pair<const char*, NoiseLevel> noises[] = {
      {"clean", NoiseLevel::clean()}, {"moderate", NoiseLevel::moderate()}, {"heavy", NoiseLevel::heavy()}};
  for (const auto& [name, noise] : noises) {
    ScanOptions o;
    o.noise = noise;
    scenarios.push_back({name, o});
  }
  {
    ScanOptions o;
    o.membrane = true;
    o.tilt_px = 60.f;
    scenarios.push_back({"moderate+membrane+tilt", o});
    o = ScanOptions{};
    o.disc_cup = true;
    scenarios.push_back({"moderate+disc cup", o});
    o = ScanOptions{};
    o.device_bands = true;
    o.vessels = 8;
    scenarios.push_back({"moderate+device bands+8 vessels", o});
    o = ScanOptions{};
    o.noise = NoiseLevel::clean();
    o.membrane = true;
    o.disc_cup = true;
    o.device_bands = true;
    scenarios.push_back({"clean+all distractors", o});
  }
  const int seeds = quick ? 4 : 20;
  std::printf("\nAccuracy on generated 768x496 scans (%d seeds each; px; signed = engine - truth)\n\n", seeds);
  std::printf("| scenario                         |   MAE | signed |   P95 | >3 px %% |   max | missing %% |\n");
  std::printf("|----------------------------------|------:|-------:|------:|--------:|------:|----------:|\n");
  for (Scenario& s : scenarios) {
    std::vector<float> truth_all, found_all;
    for (int seed = 1; seed <= seeds; ++seed) {
      s.options.seed = static_cast<std::uint64_t>(seed);
      const auto scan = octgate::synth::generate_scan(s.options);
      const auto b = seg.segment(scan.image);
      truth_all.insert(truth_all.end(), scan.ilm_row.begin(), scan.ilm_row.end());
      found_all.insert(found_all.end(), b.row.begin(), b.row.end());
    }
    const auto e = octgate::synth::compare_boundaries(truth_all, found_all);
    std::printf("| %-32s | %5.3f | %+6.3f | %5.2f | %7.3f | %5.2f | %9.3f |\n", s.name, e.mean_abs,
                e.mean_signed, e.p95_abs, 100.0 * e.share_over_3px, e.max_abs,
                e.columns ? 100.0 * e.missing / e.columns : 0.0);
  }
  return 0;
}
