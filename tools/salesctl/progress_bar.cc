#include "tools/salesctl/progress_bar.h"

#include <algorithm>

#include "absl/strings/str_format.h"

namespace sales::salesctl {

std::string RenderProgress(int64_t done, int64_t total, double elapsed_seconds,
                           const std::string& unit, int width) {
  const double share = total > 0 ? std::clamp(static_cast<double>(done) / total, 0.0, 1.0) : 1.0;
  const int filled = static_cast<int>(share * width);
  std::string bar = "[" + std::string(filled, '#') + std::string(width - filled, '-') + "]";
  const double rate = elapsed_seconds > 0 ? done / elapsed_seconds : 0;
  std::string eta = "--:--";
  if (rate > 0 && done <= total) {
    const int64_t left = static_cast<int64_t>((total - done) / rate + 0.5);
    eta = absl::StrFormat("%d:%02d", left / 60, left % 60);
  }
  return absl::StrFormat("%s %*d/%d %s  %.0f/s  ETA %s", bar,
                         static_cast<int>(absl::StrFormat("%d", total).size()), done, total, unit,
                         rate, eta);
}

ProgressBar::ProgressBar(std::ostream& out, int64_t total, std::string unit, bool enabled)
    : out_(out),
      total_(total),
      unit_(std::move(unit)),
      enabled_(enabled),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_ - std::chrono::seconds(1)) {}

void ProgressBar::Update(int64_t done) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (done < total_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  Draw(done);
}

void ProgressBar::Finish(int64_t done) {
  if (!enabled_) return;
  Draw(done);
  out_ << "\n";
  out_.flush();
}

void ProgressBar::Draw(int64_t done) {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  out_ << "\r" << RenderProgress(done, total_, elapsed, unit_) << "\x1b[K";
  out_.flush();
}

}  // namespace sales::salesctl
