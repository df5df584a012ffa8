#include "tools/salesctl/svg_charts.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

namespace sales::salesctl {
namespace {

constexpr int kWidth = 720;      // every chart's drawing width, px (it scales with the page)
constexpr int kBarAreaTop = 16;  // room for value labels above bars
constexpr int kLabelRoom = 36;   // room for labels under bars
constexpr int kRowHeight = 26;   // horizontal bar rows
constexpr int kRowLabel = 200;   // room for row labels left of horizontal bars
constexpr int kValueRoom = 110;  // room for values right of horizontal bars
// A palette that prints legibly in grey too (dark to light).
constexpr const char* kPalette[] = {"#1f4e79", "#2e75b6", "#9dc3e6", "#548235",
                                    "#a9d18e", "#bf9000", "#ffd966", "#7f7f7f"};
constexpr const char* kBarColour = "#2e75b6";
constexpr const char* kUpColour = "#548235";
constexpr const char* kDownColour = "#c00000";
constexpr const char* kTotalColour = "#1f4e79";

std::string Num(double v) { return absl::StrFormat("%.1f", v); }

// The opening of an SVG of `height` px, with its data-chart name and title.
std::string Open(std::string_view name, int height) {
  return absl::StrCat("<svg class=\"chart\" role=\"img\" ", "data-chart=\"", EscapeHtml(name),
                      "\" viewBox=\"0 0 ", kWidth, " ", height,
                      "\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\"><title>",
                      EscapeHtml(name), "</title>");
}

std::string Rect(double x, double y, double w, double h, absl::string_view fill,
                 const ChartDatum& d, absl::string_view cls) {
  return absl::StrCat("<rect class=\"", cls, "\" x=\"", Num(x), "\" y=\"", Num(y), "\" width=\"",
                      Num(std::max(w, 0.0)), "\" height=\"", Num(std::max(h, 0.0)), "\" fill=\"",
                      fill, "\" data-label=\"", EscapeHtml(d.label), "\" data-value=\"", d.value,
                      "\"><title>", EscapeHtml(d.label), ": ", EscapeHtml(d.value_text),
                      "</title></rect>");
}

std::string Text(double x, double y, absl::string_view anchor, std::string_view text,
                 absl::string_view cls = "label") {
  return absl::StrCat("<text class=\"", cls, "\" x=\"", Num(x), "\" y=\"", Num(y),
                      "\" text-anchor=\"", anchor, "\">", EscapeHtml(text), "</text>");
}

std::string Exact(double v) { return absl::StrFormat("%.17g", v); }

// A whisker from `lo` to `hi` (y pixels) at x, with caps.
std::string Whisker(double x, double y_lo, double y_hi, absl::string_view cls) {
  return absl::StrCat("<path class=\"", cls, "\" d=\"M", Num(x - 5), " ", Num(y_hi), "H",
                      Num(x + 5), "M", Num(x), " ", Num(y_hi), "V", Num(y_lo), "M", Num(x - 5), " ",
                      Num(y_lo), "H", Num(x + 5), "\" stroke=\"#333\" fill=\"none\"/>");
}

// A linear scale over [lo, hi] (0 included) onto kPlot pixels below kBarAreaTop.
struct Scale {
  double lo = 0, hi = 0, plot = 200;
  void Include(double v) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  double Y(double v) const {
    const double span = hi - lo == 0 ? 1.0 : hi - lo;
    return kBarAreaTop + plot * (hi - v) / span;
  }
};

std::string Empty(std::string_view name) {
  return absl::StrCat(Open(name, 40), Text(kWidth / 2.0, 24, "middle", "—"), "</svg>");
}

}  // namespace

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string VerticalBarChart(std::string_view name, const std::vector<ChartDatum>& data) {
  if (data.empty()) return Empty(name);
  constexpr int kPlot = 200;
  int64_t max = 0, min = 0;
  for (const ChartDatum& d : data) {
    max = std::max(max, d.value);
    min = std::min(min, d.value);
  }
  const double span = static_cast<double>(max - min) == 0 ? 1.0 : static_cast<double>(max - min);
  const double zero_y = kBarAreaTop + kPlot * static_cast<double>(max) / span;
  const double slot = static_cast<double>(kWidth) / static_cast<double>(data.size());
  const double bar = slot * 0.7;
  std::string out = Open(name, kBarAreaTop + kPlot + kLabelRoom);
  absl::StrAppend(&out, "<line class=\"axis\" x1=\"0\" x2=\"", kWidth, "\" y1=\"", Num(zero_y),
                  "\" y2=\"", Num(zero_y), "\" stroke=\"#999\"/>");
  for (size_t i = 0; i < data.size(); ++i) {
    const ChartDatum& d = data[i];
    const double h = kPlot * std::fabs(static_cast<double>(d.value)) / span;
    const double x = slot * static_cast<double>(i) + (slot - bar) / 2;
    const double y = d.value >= 0 ? zero_y - h : zero_y;
    absl::StrAppend(&out, Rect(x, y, bar, h, kBarColour, d, "bar"));
    // Value labels only when there is room for them.
    if (data.size() <= 16) {
      absl::StrAppend(&out, Text(x + bar / 2, y - 3, "middle", d.value_text, "value"));
    }
    absl::StrAppend(&out, Text(x + bar / 2, kBarAreaTop + kPlot + 18, "middle", d.label));
  }
  return out + "</svg>";
}

std::string TrendWithForecastChart(std::string_view name, const std::vector<ChartDatum>& history,
                                   const std::vector<ForecastDatum>& forecast) {
  if (history.empty() && forecast.empty()) return Empty(name);
  Scale scale;
  for (const ChartDatum& d : history) scale.Include(static_cast<double>(d.value));
  for (const ForecastDatum& f : forecast) {
    scale.Include(f.value);
    if (f.lower.has_value()) scale.Include(*f.lower);
    if (f.upper.has_value()) scale.Include(*f.upper);
  }
  const size_t n = history.size() + forecast.size();
  const double slot = static_cast<double>(kWidth) / static_cast<double>(n);
  const double bar = slot * 0.7;
  const double zero_y = scale.Y(0);
  std::string out = Open(name, kBarAreaTop + static_cast<int>(scale.plot) + kLabelRoom);
  absl::StrAppend(&out, "<line class=\"axis\" x1=\"0\" x2=\"", kWidth, "\" y1=\"", Num(zero_y),
                  "\" y2=\"", Num(zero_y), "\" stroke=\"#999\"/>");
  const bool labels = n <= 16;
  for (size_t i = 0; i < history.size(); ++i) {
    const ChartDatum& d = history[i];
    const double x = slot * static_cast<double>(i) + (slot - bar) / 2;
    const double top = std::min(scale.Y(static_cast<double>(d.value)), zero_y);
    const double h = std::fabs(scale.Y(static_cast<double>(d.value)) - zero_y);
    absl::StrAppend(&out, Rect(x, top, bar, h, kBarColour, d, "bar"));
    if (labels) absl::StrAppend(&out, Text(x + bar / 2, top - 3, "middle", d.value_text, "value"));
    absl::StrAppend(&out, Text(x + bar / 2, kBarAreaTop + scale.plot + 18, "middle", d.label));
  }
  for (size_t j = 0; j < forecast.size(); ++j) {
    const ForecastDatum& f = forecast[j];
    const double x = slot * static_cast<double>(history.size() + j) + (slot - bar) / 2;
    const double top = std::min(scale.Y(f.value), zero_y);
    const double h = std::fabs(scale.Y(f.value) - zero_y);
    absl::StrAppend(&out, "<g class=\"forecast\" data-label=\"", EscapeHtml(f.label),
                    "\" data-point=\"", Exact(f.value), "\"");
    if (f.lower.has_value() && f.upper.has_value()) {
      absl::StrAppend(&out, " data-lower=\"", Exact(*f.lower), "\" data-upper=\"", Exact(*f.upper),
                      "\"");
    }
    absl::StrAppend(&out, "><title>", EscapeHtml(f.label), ": ", EscapeHtml(f.value_text),
                    "</title><rect x=\"", Num(x), "\" y=\"", Num(top), "\" width=\"", Num(bar),
                    "\" height=\"", Num(std::max(h, 0.0)),
                    "\" fill=\"#dbe8f5\" stroke=\"#2e75b6\" stroke-dasharray=\"4,3\"/>");
    if (f.lower.has_value() && f.upper.has_value()) {
      absl::StrAppend(&out, Whisker(x + bar / 2, scale.Y(*f.lower), scale.Y(*f.upper), "interval"));
    }
    absl::StrAppend(&out, "</g>");
    if (labels) absl::StrAppend(&out, Text(x + bar / 2, top - 3, "middle", f.value_text, "value"));
    absl::StrAppend(&out, Text(x + bar / 2, kBarAreaTop + scale.plot + 18, "middle", f.label));
  }
  return out + "</svg>";
}

std::string MarkedBarChart(std::string_view name, const std::vector<MarkedDatum>& data) {
  if (data.empty()) return Empty(name);
  Scale scale;
  for (const MarkedDatum& m : data) {
    scale.Include(static_cast<double>(m.datum.value));
    if (m.direction != 0) {
      scale.Include(m.lower);
      scale.Include(m.upper);
    }
  }
  const double slot = static_cast<double>(kWidth) / static_cast<double>(data.size());
  const double bar = slot * 0.7;
  const double zero_y = scale.Y(0);
  std::string out = Open(name, kBarAreaTop + static_cast<int>(scale.plot) + kLabelRoom);
  absl::StrAppend(&out, "<line class=\"axis\" x1=\"0\" x2=\"", kWidth, "\" y1=\"", Num(zero_y),
                  "\" y2=\"", Num(zero_y), "\" stroke=\"#999\"/>");
  // Labels under every bar only when they fit; else every seventh (a week of days).
  const size_t label_every = data.size() <= 16 ? 1 : 7;
  for (size_t i = 0; i < data.size(); ++i) {
    const MarkedDatum& m = data[i];
    const ChartDatum& d = m.datum;
    const double x = slot * static_cast<double>(i) + (slot - bar) / 2;
    const double top = std::min(scale.Y(static_cast<double>(d.value)), zero_y);
    const double h = std::fabs(scale.Y(static_cast<double>(d.value)) - zero_y);
    const char* fill = m.direction > 0 ? kUpColour : (m.direction < 0 ? kDownColour : kBarColour);
    absl::StrAppend(&out, Rect(x, top, bar, h, fill, d, m.direction == 0 ? "bar" : "bar anomaly"));
    if (m.direction != 0) {
      const double cx = x + bar / 2;
      absl::StrAppend(
          &out, "<g class=\"anomaly\" data-anomaly=\"", m.direction > 0 ? "ABOVE" : "BELOW",
          "\" data-label=\"", EscapeHtml(d.label), "\" data-expected=\"", Exact(m.expected),
          "\" data-lower=\"", Exact(m.lower), "\" data-upper=\"", Exact(m.upper), "\">",
          Whisker(cx, scale.Y(m.lower), scale.Y(m.upper), "interval"), "<circle cx=\"", Num(cx),
          "\" cy=\"", Num(std::max(top - 8, 4.0)), "\" r=\"4\" fill=\"", fill, "\"/></g>");
    }
    if (i % label_every == 0) {
      absl::StrAppend(&out, Text(x + bar / 2, kBarAreaTop + scale.plot + 18, "middle", d.label));
    }
  }
  return out + "</svg>";
}

std::string HorizontalBarChart(std::string_view name, const std::vector<ChartDatum>& data) {
  if (data.empty()) return Empty(name);
  int64_t max = 0;
  for (const ChartDatum& d : data) max = std::max(max, d.value);
  const double plot = kWidth - kRowLabel - kValueRoom;
  std::string out = Open(name, static_cast<int>(data.size()) * kRowHeight + 8);
  for (size_t i = 0; i < data.size(); ++i) {
    const ChartDatum& d = data[i];
    const double y = 4 + kRowHeight * static_cast<double>(i);
    const double w =
        max <= 0 ? 0.0 : plot * static_cast<double>(std::max<int64_t>(d.value, 0)) / max;
    absl::StrAppend(&out, Text(kRowLabel - 6, y + 17, "end", d.label));
    absl::StrAppend(&out, Rect(kRowLabel, y + 3, w, kRowHeight - 6, kBarColour, d, "bar"));
    absl::StrAppend(&out, Text(kRowLabel + w + 6, y + 17, "start", d.value_text, "value"));
  }
  return out + "</svg>";
}

std::string WaterfallChart(std::string_view name, const std::vector<ChartDatum>& data) {
  if (data.empty()) return Empty(name);
  constexpr int kPlot = 220;
  // The range every bar spans: totals from 0, steps from the running total.
  int64_t lo = 0, hi = 0, running = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    const bool total = i == 0 || i + 1 == data.size();
    const int64_t from = total ? 0 : running;
    const int64_t to = total ? data[i].value : running + data[i].value;
    lo = std::min({lo, from, to});
    hi = std::max({hi, from, to});
    running = total ? data[i].value : to;
  }
  const double span = hi - lo == 0 ? 1.0 : static_cast<double>(hi - lo);
  auto y_of = [&](int64_t v) { return kBarAreaTop + kPlot * static_cast<double>(hi - v) / span; };
  const double slot = static_cast<double>(kWidth) / static_cast<double>(data.size());
  const double bar = slot * 0.6;
  std::string out = Open(name, kBarAreaTop + kPlot + kLabelRoom);
  absl::StrAppend(&out, "<line class=\"axis\" x1=\"0\" x2=\"", kWidth, "\" y1=\"", Num(y_of(0)),
                  "\" y2=\"", Num(y_of(0)), "\" stroke=\"#999\"/>");
  running = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    const ChartDatum& d = data[i];
    const bool total = i == 0 || i + 1 == data.size();
    const int64_t from = total ? 0 : running;
    const int64_t to = total ? d.value : running + d.value;
    const double x = slot * static_cast<double>(i) + (slot - bar) / 2;
    const double top = y_of(std::max(from, to));
    const double h = y_of(std::min(from, to)) - top;
    const char* fill = total ? kTotalColour : (d.value >= 0 ? kUpColour : kDownColour);
    absl::StrAppend(&out,
                    Rect(x, top, bar, std::max(h, 1.0), fill, d, total ? "bar total" : "bar step"));
    absl::StrAppend(&out, Text(x + bar / 2, top - 3, "middle", d.value_text, "value"));
    absl::StrAppend(&out, Text(x + bar / 2, kBarAreaTop + kPlot + 18, "middle", d.label));
    // A connector from this bar's end to the next bar.
    if (i + 1 < data.size()) {
      absl::StrAppend(&out, "<line class=\"connector\" x1=\"", Num(x + bar), "\" x2=\"",
                      Num(x + slot), "\" y1=\"", Num(y_of(to)), "\" y2=\"", Num(y_of(to)),
                      "\" stroke=\"#999\" stroke-dasharray=\"3,2\"/>");
    }
    running = to;
  }
  return out + "</svg>";
}

std::string StackedShareBar(std::string_view name, const std::vector<ChartDatum>& data) {
  int64_t total = 0;
  for (const ChartDatum& d : data) total += std::max<int64_t>(d.value, 0);
  if (data.empty() || total <= 0) return Empty(name);
  constexpr int kBar = 36;
  const int legend_rows = static_cast<int>(data.size());
  std::string out = Open(name, kBar + 12 + legend_rows * 20 + 8);
  double x = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    const ChartDatum& d = data[i];
    const double share = static_cast<double>(std::max<int64_t>(d.value, 0)) / total;
    const double w = kWidth * share;
    const char* fill = kPalette[i % std::size(kPalette)];
    absl::StrAppend(&out, Rect(x, 0, w, kBar, fill, d, "segment"));
    const double ly = kBar + 12 + 20 * static_cast<double>(i);
    absl::StrAppend(&out, "<rect class=\"swatch\" x=\"0\" y=\"", Num(ly), "\" width=\"12\" ",
                    "height=\"12\" fill=\"", fill, "\"/>");
    absl::StrAppend(&out, Text(18, ly + 11, "start",
                               absl::StrCat(d.label, ": ", d.value_text, " (",
                                            absl::StrFormat("%.1f%%", 100.0 * share), ")")));
    x += w;
  }
  return out + "</svg>";
}

}  // namespace sales::salesctl
