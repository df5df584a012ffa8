#include "tools/demo/progress.h"

#include <algorithm>
#include <cstdio>

#include "absl/strings/str_format.h"

namespace sales::demo {

void Progress::Begin(const std::string& phase, int64_t total) {
  std::lock_guard<std::mutex> lock(mu_);
  phase_ = phase;
  total_ = total;
  done_ = 0;
  start_ = std::chrono::steady_clock::now();
  last_draw_ = {};
}

void Progress::Add(int64_t n) {
  done_ += n;
  if (!interactive_ || quiet_) return;
  const auto now = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(mu_, std::try_to_lock);
  if (!lock.owns_lock() || now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  Draw(false);
}

void Progress::End() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!quiet_) Draw(true);
}

void Progress::Draw(bool final_line) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const int64_t done = done_.load();
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  if (final_line) {
    std::fprintf(stderr, "%s%-16s %8lld in %6.1f s (%.0f/s)%s\n", interactive_ ? "\r" : "",
                 phase_.c_str(), static_cast<long long>(done), seconds, rate,
                 interactive_ ? "\033[K" : "");
    return;
  }
  constexpr int kWidth = 30;
  const double share = total_ > 0 ? std::min(1.0, static_cast<double>(done) / total_) : 0;
  const int filled = static_cast<int>(share * kWidth);
  const std::string bar = std::string(filled, '#') + std::string(kWidth - filled, '.');
  std::string eta = "--";
  if (rate > 0 && total_ > done) {
    eta = absl::StrFormat("%.0f s", static_cast<double>(total_ - done) / rate);
  }
  std::fprintf(stderr, "\r%-16s [%s] %lld/%lld %.0f/s ETA %s\033[K", phase_.c_str(), bar.c_str(),
               static_cast<long long>(done), static_cast<long long>(total_), rate, eta.c_str());
  std::fflush(stderr);
}

}  // namespace sales::demo
