// Charts as inline SVG, generated as text: vertical bars (a trend), horizontal bars (a
// funnel, segments, top products), a waterfall (a revenue bridge) and a 100% stacked bar (a
// mix). Every mark carries its exact value in data-value (and its label in data-label), so a
// test or a script can read the numbers back from the page; all text is escaped.
#pragma once

#include <cstdint>
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
