#pragma once
// Synthetic OCT B-scans with exact ILM ground truth, for tests and benchmarks.
//
// The scan is rendered physically: a layered retina as piecewise-constant linear reflectivity
// (partial-volume exact at each pixel), blurred by the optical point-spread function, multiplied by
// speckle (gamma-distributed, `looks` averaged frames), plus a noise floor, then log-compressed to
// 8 bits like a device export. The ground truth per column is the reflectivity step from vitreous
// to retina, i.e. the half-way point of the blurred step in *linear* intensity (docs/ilm.md).
#include <cstdint>
#include <opencv2/core/mat.hpp>
#include <vector>

namespace octgate::synth {

struct NoiseLevel {
  float looks = 8.f;     // frames averaged; speckle contrast is 1/sqrt(looks)
  float floor = 0.004f;  // mean of the additive (exponential) noise floor, linear units
  float signal = 1.f;    // multiplies every reflectivity (low-signal scans < 1)
  static NoiseLevel clean() { return {400.f, 0.0005f, 1.f}; }
  static NoiseLevel moderate() { return {8.f, 0.004f, 1.f}; }
  static NoiseLevel heavy() { return {2.f, 0.008f, 0.6f}; }
};

struct ScanOptions {
  int width = 768;
  int height = 496;
  std::uint64_t seed = 1;
  NoiseLevel noise = NoiseLevel::moderate();
  float retina_top = 0.32f;      // ILM row away from the fovea, as a fraction of the height
  float tilt_px = 0.f;           // ILM row change from the left edge to the right edge
  float curvature_px = 25.f;     // how much the edges lie above the centre (bowl shape)
  float fovea_depth = 1.f;       // 0: no foveal pit; 1: inner layers vanish at the centre
  float fovea_centre = 0.5f;     // as a fraction of the width
  float fovea_width_px = 55.f;   // Gaussian sigma of the pit
  int vessels = 4;               // surface vessels, each with its shadow
  bool membrane = false;         // posterior hyaloid line floating above part of the retina
  bool disc_cup = false;         // a steep optic-disc cup near the right edge
  bool device_bands = false;     // white wedge at the top, black columns at the left, white band at the bottom
};

struct SyntheticScan {
  cv::Mat image;               // CV_8UC1
  std::vector<float> ilm_row;  // per column: true ILM row (pixel centres at integer rows); NaN where
                               // the column has no visible retina (device no-data)
  cv::Mat no_data;             // CV_8UC1, 1 where the device band/column overwrote the pixel
};

SyntheticScan generate_scan(const ScanOptions& options);

}  // namespace octgate::synth
