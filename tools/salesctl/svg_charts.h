// Charts as inline SVG, generated as text: vertical bars (a trend), horizontal bars (a
// funnel, segments, top products), a waterfall (a revenue bridge) and a 100% stacked bar (a
// mix). Every mark carries its exact value in data-value (and its label in data-label), so a
// test or a script can read the numbers back from the page; all text is escaped.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sales::salesctl {

// `text` with &, <, >, " and ' replaced by their entities: safe in element content and in
// quoted attribute values.
std::string EscapeHtml(std::string_view text);

// One bar or segment.
struct ChartDatum {
  std::string label;       // shown under or beside the mark, and in data-label
  int64_t value = 0;       // the mark's size, and data-value (exact)
  std::string value_text;  // the value as people read it ("1234.56", "12")
};

// Bars standing on a baseline, one per datum, left to right; negative values hang below.
// `name` is the chart's data-chart attribute and its accessible title.
std::string VerticalBarChart(std::string_view name, const std::vector<ChartDatum>& data);

// A forecast period: its point forecast and, when it has one, its prediction interval.
struct ForecastDatum {
  std::string label;
  double value = 0;                    // the point forecast (data-point, exact)
  std::optional<double> lower, upper;  // the interval (data-lower, data-upper, exact)
  std::string value_text;
};

// `history` as bars (as VerticalBarChart), then `forecast` as light, dashed bars, each with
// its interval drawn as a whisker from lower to upper (the forecast band).
std::string TrendWithForecastChart(std::string_view name, const std::vector<ChartDatum>& history,
                                   const std::vector<ForecastDatum>& forecast);

// A bar with an optional anomaly marker: the interval the value left and which way.
struct MarkedDatum {
  ChartDatum datum;
  int direction = 0;                          // +1 above the interval, -1 below, 0 unmarked
  double expected = 0, lower = 0, upper = 0;  // read when marked
};

// Bars as VerticalBarChart; a marked bar is coloured by its direction and carries a marker
// (data-anomaly ABOVE or BELOW) and its interval as a whisker.
std::string MarkedBarChart(std::string_view name, const std::vector<MarkedDatum>& data);

// Bars from the left, one row per datum, top to bottom (negative values are drawn as 0
// width, with their text).
std::string HorizontalBarChart(std::string_view name, const std::vector<ChartDatum>& data);

// A waterfall: the first and last data are totals (bars from 0), those between are steps
// floating from the running total (rising green, falling red). The steps are expected to
// add up from the first total to the last.
std::string WaterfallChart(std::string_view name, const std::vector<ChartDatum>& data);

// One bar split in proportion to the data's (positive) values, with a legend of labels and
// shares.
std::string StackedShareBar(std::string_view name, const std::vector<ChartDatum>& data);

}  // namespace sales::salesctl
