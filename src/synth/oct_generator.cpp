#include "synth/oct_generator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <opencv2/imgproc.hpp>
#include <random>

namespace octgate::synth {
namespace {

constexpr float kVitreous = 0.012f;

// One layer of the retina below the ILM: thickness (px) and linear reflectivity.
struct Layer {
  float thickness;
  float reflectivity;
  bool inner;  // thins out in the foveal pit
};

// Order from the ILM down; thicknesses for a 496-row Spectralis scan (~3.9 um per row).
constexpr std::array<Layer, 12> kLayers{{
    {9.f, 1.0f, true},     // RNFL
    {10.f, 0.40f, true},   // GCL
    {8.f, 0.60f, true},    // IPL
    {9.f, 0.18f, true},    // INL
    {6.f, 0.55f, true},    // OPL
    {22.f, 0.10f, false},  // ONL
    {1.5f, 0.40f, false},  // ELM
    {6.f, 0.16f, false},   // inner segments
    {3.f, 1.30f, false},   // ellipsoid zone
    {6.f, 0.35f, false},   // outer segments / interdigitation
    {5.f, 1.80f, false},   // RPE
    {45.f, 0.45f, false},  // choroid (below: sclera, dim)
}};

float smoothstep_edge(float d, float softness) { return 1.f / (1.f + std::exp(-d / softness)); }

// Partial-volume mean of a piecewise-constant profile over the pixel [y - 0.5, y + 0.5).
// bounds[i] .. bounds[i+1] has value vals[i]; above bounds[0] is vals_above; below the last, vals_below.
struct Profile {
  std::vector<float> bounds;
  std::vector<float> vals;  // size bounds.size() + 1: vals[0] above bounds[0]
  float at_pixel(float y) const {
    const float a = y - 0.5f, b = y + 0.5f;
    float sum = 0.f;
    float lo = -1e9f;
    for (size_t i = 0; i <= bounds.size(); ++i) {
      const float hi = i < bounds.size() ? bounds[i] : 1e9f;
      const float o = std::min(b, hi) - std::max(a, lo);
      if (o > 0.f) sum += o * vals[i];
      lo = hi;
      if (lo >= b) break;
    }
    return sum;
  }
};

}  // namespace

SyntheticScan generate_scan(const ScanOptions& o) {
  const int W = o.width, H = o.height;
  std::mt19937_64 rng(o.seed);
  std::uniform_real_distribution<float> uni(0.f, 1.f);
  const float scale = H / 496.f;  // layer thicknesses scale with the rows per millimetre

  // Random anatomy: vessel positions, membrane span and height.
  struct Vessel {
    float x, radius, depth;
  };
  std::vector<Vessel> vessels;
  for (int i = 0; i < o.vessels; ++i)
    vessels.push_back({uni(rng) * W, (2.f + 3.f * uni(rng)) * scale, (4.f + 4.f * uni(rng)) * scale});
  const float mem_x0 = W * (0.05f + 0.3f * uni(rng)), mem_x1 = W * (0.6f + 0.35f * uni(rng));
  const float mem_gap = (12.f + 14.f * uni(rng)) * scale, mem_wave = 6.f * scale * uni(rng);
  const float cup_centre = W * 0.9f, cup_half = W * 0.045f, cup_depth = 0.22f * H;

  SyntheticScan scan;
  scan.ilm_row.assign(W, 0.f);
  cv::Mat linear(H, W, CV_32F);
  Profile p;
  for (int x = 0; x < W; ++x) {
    const float u = (x - 0.5f * W) / (0.5f * W);
    const float fovea = o.fovea_depth *
                        std::exp(-0.5f * std::pow((x - o.fovea_centre * W) / o.fovea_width_px, 2.f));
    // The outer retina follows tilt and the bowl; the inner layers thin out in the foveal pit,
    // which moves the ILM down there.
    float nominal_inner = 0.f, total_inner = 0.f;
    for (const Layer& l : kLayers) {
      if (!l.inner) continue;
      nominal_inner += l.thickness * scale;
      total_inner += l.thickness * scale * (1.f - 0.95f * std::min(fovea, 1.f));
    }
    const float rnfl_extra = 6.f * scale * std::max(0.f, u);  // thicker towards the (right) disc
    const float ilm_far = o.retina_top * H + o.tilt_px * (static_cast<float>(x) / W - 0.5f) +
                          o.curvature_px * (1.f - u * u);
    const float ilm = ilm_far + nominal_inner - total_inner - rnfl_extra;
    float cup = 0.f;
    if (o.disc_cup) {
      const float d = cup_half - std::fabs(static_cast<float>(x) - cup_centre);
      cup = cup_depth * smoothstep_edge(d, 2.5f * scale);
    }
    // Boundaries of the layers, from the ILM down.
    p.bounds.clear();
    p.vals.clear();
    p.vals.push_back(kVitreous);
    const bool in_cup = cup > 1.f;
    float y = ilm + cup;
    scan.ilm_row[x] = y;
    if (in_cup) {
      p.bounds.push_back(y);
      p.vals.push_back(0.35f);  // disc tissue, no layers
      p.bounds.push_back(y + 120.f * scale);
      p.vals.push_back(0.05f);
    } else {
      for (size_t i = 0; i < kLayers.size(); ++i) {
        const Layer& l = kLayers[i];
        float t = l.thickness * scale * (l.inner ? (1.f - 0.95f * std::min(fovea, 1.f)) : 1.f);
        if (i == 0) t += rnfl_extra;
        if (i == 5) t += 10.f * scale * fovea;  // ONL thickens under the pit
        p.bounds.push_back(y);
        p.vals.push_back(l.reflectivity);
        y += t;
      }
      p.bounds.push_back(y);
      p.vals.push_back(0.05f);
    }
    // Membrane above the retina.
    const bool membrane_here = o.membrane && x >= mem_x0 && x <= mem_x1;
    const float mem_y = ilm + cup - mem_gap - mem_wave * std::sin(6.28f * x / W);
    for (int r = 0; r < H; ++r) {
      float v = p.at_pixel(static_cast<float>(r));
      const float yr = static_cast<float>(r);
      if (membrane_here) {
        const float d = std::fabs(yr - mem_y);
        if (d < 1.5f * scale) v += 0.35f * (1.f - d / (1.5f * scale));
      }
      // Choroid fades with depth.
      const float below = yr - y;
      if (below > 0.f) v *= std::exp(-below / (60.f * scale));
      linear.at<float>(r, x) = v;
    }
    // Vessels: a bright round section in the inner retina and a shadow below it.
    for (const Vessel& ve : vessels) {
      const float dx = std::fabs(x - ve.x);
      if (dx > ve.radius * 1.6f) continue;
      const float cy = ilm + cup + ve.depth + ve.radius;
      const float shade = 1.f - 0.75f * smoothstep_edge(ve.radius - dx, 0.6f);
      for (int r = 0; r < H; ++r) {
        const float dy = r - cy;
        if (dx * dx + dy * dy < ve.radius * ve.radius) linear.at<float>(r, x) = 1.2f;
        else if (dy > 0) linear.at<float>(r, x) *= shade;
      }
    }
  }

  // Optics: the point-spread function blurs the linear reflectivity.
  cv::GaussianBlur(linear, linear, cv::Size(0, 0), 1.2, 0.9, cv::BORDER_REPLICATE);

  // Speckle, noise floor, log compression.
  std::gamma_distribution<float> speckle(o.noise.looks, 1.f / o.noise.looks);
  std::exponential_distribution<float> floor_noise(1.f);
  const float lo = 0.004f, hi = 4.f;
  const float inv_range = 255.f / std::log10(hi / lo);
  scan.image.create(H, W, CV_8UC1);
  for (int r = 0; r < H; ++r) {
    const float* in = linear.ptr<float>(r);
    unsigned char* out = scan.image.ptr<unsigned char>(r);
    for (int x = 0; x < W; ++x) {
      const float i = in[x] * o.noise.signal * speckle(rng) + o.noise.floor * floor_noise(rng);
      const float v = std::log10(std::max(i, lo) / lo) * inv_range;
      out[x] = static_cast<unsigned char>(std::clamp(std::lround(v), 0L, 254L));
    }
  }

  scan.no_data = cv::Mat::zeros(H, W, CV_8UC1);
  if (o.device_bands) {
    const int black_cols = std::max(1, W / 48);
    const int bottom = std::max(1, H / 30);
    for (int r = 0; r < H; ++r) {
      for (int x = 0; x < W; ++x) {
        // White wedge over the top-right vitreous: rows above a line falling to the right.
        const float wedge_row = (static_cast<float>(x) / W - 0.45f) * 0.22f * H;
        unsigned char v = 0;
        bool set = false;
        if (x < black_cols) set = true, v = 0;
        if (r < wedge_row) set = true, v = 255;
        if (r >= H - bottom) set = true, v = 255;
        if (set) {
          scan.image.at<unsigned char>(r, x) = v;
          scan.no_data.at<unsigned char>(r, x) = 1;
        }
      }
    }
    const float nan = std::numeric_limits<float>::quiet_NaN();
    for (int x = 0; x < W; ++x) {
      const float wedge_row = (static_cast<float>(x) / W - 0.45f) * 0.22f * H;
      if (x < black_cols || scan.ilm_row[x] < wedge_row + 2.f) scan.ilm_row[x] = nan;
    }
  }
  return scan;
}

}  // namespace octgate::synth
