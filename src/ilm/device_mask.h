#pragma once
// Device no-data regions of an OCT export: constant black (0) or saturated white (255) runs that
// the scanner fills where it has no A-scan data (top/bottom wedges and bands, side columns).
#include <opencv2/core/mat.hpp>
#include <vector>

namespace octgate::ilm {

struct DeviceMaskOptions {
  int interior_run = 12;  // a 0/255 run this long is no-data even away from the image border
  int margin = 2;         // rows next to a no-data run are treated as no-data too (anti-aliasing)
};

// Marks no-data pixels (mask = 1) and writes into `filled` a copy of `gray` in which each no-data
// pixel takes the value of the nearest valid pixel in its column (above first, else below); columns
// without any valid pixel copy the nearest column that has one. Returns, per column, whether it
// holds any valid pixel. Edges of the device regions thereby vanish from `filled`.
// A scan without any no-data pixel (rare in practice: exports have black or white bands, and even
// a dark choroid may touch the bottom edge with 0s) leaves `any_no_data` false and neither `mask`
// nor `filled` written (the scan itself is its own filled copy, and the mask is all zero).
// gray: CV_8UC1. mask, filled: reallocated only when the size changes.
std::vector<unsigned char> find_device_mask(const cv::Mat& gray, const DeviceMaskOptions& options,
                                            cv::Mat& mask, cv::Mat& filled, bool& any_no_data);

}  // namespace octgate::ilm
