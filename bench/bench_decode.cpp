// bench_decode: time per image of cv::imdecode(IMREAD_GRAYSCALE) against octgate's decoder
// (imaging::decode_grayscale, whose PNG fast path is imaging/png_gray), single thread, on the
// real scans in ../shared/data/real-oct (when present) and on generated scans.
// Usage: bench_decode [--rounds N] [FILE.png ...]
//        bench_decode --calls N --decoder opencv|octgate FILE   (just N calls, for callgrind)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <string>
#include <vector>

#include "imaging/decode.h"
#include "synth/oct_generator.h"

namespace {

using Bytes = std::vector<std::uint8_t>;

struct Sample {
  std::string name;
  Bytes encoded;
};

Bytes read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Sample synthetic(int width, int height, const char* ext) {
  auto scan = octgate::synth::generate_scan({.width = width, .height = height});
  Bytes encoded;
  cv::imencode(ext, scan.image, encoded);
  return {"synthetic " + std::to_string(width) + "x" + std::to_string(height) + ext, encoded};
}

void decode_opencv(const Bytes& b) { (void)cv::imdecode(b, cv::IMREAD_GRAYSCALE); }
void decode_octgate(const Bytes& b) { (void)octgate::imaging::decode_grayscale(b, {}); }

// Median over rounds of the mean of 20 calls, in milliseconds.
template <class Decode>
double median_ms(const Bytes& encoded, Decode decode, int rounds) {
  for (int i = 0; i < 3; ++i) decode(encoded);
  std::vector<double> per_round;
  for (int r = 0; r < rounds; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 20; ++i) decode(encoded);
    auto t1 = std::chrono::steady_clock::now();
    per_round.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count() / 20);
  }
  std::nth_element(per_round.begin(), per_round.begin() + rounds / 2, per_round.end());
  return per_round[rounds / 2];
}

std::vector<Sample> default_corpus() {
  std::vector<Sample> corpus;
  std::vector<std::filesystem::path> files;
  auto real = std::filesystem::path(OCTGATE_SHARED_DIR) / "data/real-oct";
  if (std::filesystem::is_directory(real)) {
    for (const auto& e : std::filesystem::directory_iterator(real))
      if (e.path().extension() == ".png") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) corpus.push_back({f.filename().string(), read_file(f)});
  for (const char* ext : {".png", ".jpg"}) {
    corpus.push_back(synthetic(512, 496, ext));
    corpus.push_back(synthetic(768, 496, ext));
  }
  return corpus;
}

int just_calls(int calls, const std::string& decoder, const char* file) {
  Bytes encoded = read_file(file);
  for (int i = 0; i < calls; ++i) decoder == "opencv" ? decode_opencv(encoded) : decode_octgate(encoded);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  cv::setNumThreads(1);
  int rounds = 15, calls = 0;
  std::string decoder = "octgate";
  std::vector<Sample> corpus;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--rounds") && i + 1 < argc) rounds = std::max(1, std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--calls") && i + 1 < argc) calls = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--decoder") && i + 1 < argc) decoder = argv[++i];
    else if (calls > 0) return just_calls(calls, decoder, argv[i]);
    else corpus.push_back({std::filesystem::path(argv[i]).filename().string(), read_file(argv[i])});
  }
  if (corpus.empty()) corpus = default_corpus();
  std::printf("| image | bytes | cv::imdecode ms | octgate ms | ratio |\n|---|---:|---:|---:|---:|\n");
  double sum_cv = 0, sum_ours = 0;
  for (const auto& s : corpus) {
    double cv_ms = median_ms(s.encoded, decode_opencv, rounds);
    double our_ms = median_ms(s.encoded, decode_octgate, rounds);
    sum_cv += cv_ms;
    sum_ours += our_ms;
    std::printf("| %s | %zu | %.3f | %.3f | %.2f |\n", s.name.c_str(), s.encoded.size(), cv_ms, our_ms,
                our_ms / cv_ms);
  }
  std::printf("| all (sum) | | %.3f | %.3f | %.2f |\n", sum_cv, sum_ours, sum_ours / sum_cv);
}
