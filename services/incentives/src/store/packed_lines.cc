#include "services/incentives/src/store/packed_lines.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace sales::incentives::store {
namespace {

void AppendEscaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
}

// Reads the field at `at` up to the next unescaped tab or newline (or the end), unescaping
// it; leaves `at` on that separator.
absl::StatusOr<std::string> ReadField(std::string_view packed, size_t& at) {
  std::string out;
  while (at < packed.size() && packed[at] != '\t' && packed[at] != '\n') {
    char c = packed[at++];
    if (c == '\\') {
      if (at == packed.size())
        return absl::InternalError("credits.packed_lines: a lone backslash at the end");
      const char e = packed[at++];
      c = e == 't' ? '\t' : e == 'n' ? '\n' : e;
      if (e != 't' && e != 'n' && e != '\\') {
        return absl::InternalError(
            absl::StrCat("credits.packed_lines: unknown escape \\", std::string(1, e)));
      }
    }
    out += c;
  }
  return out;
}

absl::StatusOr<int64_t> ReadNumber(std::string_view packed, size_t& at) {
  const size_t begin = at;
  while (at < packed.size() && packed[at] != '\t' && packed[at] != '\n') ++at;
  int64_t value = 0;
  if (!absl::SimpleAtoi(absl::string_view(packed.data() + begin, at - begin), &value)) {
    return absl::InternalError(absl::StrCat("credits.packed_lines: \"",
                                            std::string(packed.substr(begin, at - begin)),
                                            "\" is not an integer"));
  }
  return value;
}

// Steps over the separator `sep` at `at`.
absl::Status Expect(std::string_view packed, size_t& at, char sep) {
  if (at >= packed.size() || packed[at] != sep) {
    return absl::InternalError(
        absl::StrCat("credits.packed_lines: a line does not have 5 fields at byte ", at));
  }
  ++at;
  return absl::OkStatus();
}

}  // namespace

std::string PackLines(const std::vector<domain::CreditLine>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += '\n';
    AppendEscaped(out, lines[i].product);
    out += '\t';
    AppendEscaped(out, lines[i].category);
    absl::StrAppend(&out, "\t", lines[i].amounts.revenue, "\t", lines[i].amounts.margin, "\t",
                    lines[i].amounts.units);
  }
  return out;
}

absl::StatusOr<std::vector<domain::CreditLine>> UnpackLines(std::string_view packed) {
  std::vector<domain::CreditLine> lines;
  size_t at = 0;
  while (at < packed.size()) {
    if (!lines.empty()) {
      if (absl::Status s = Expect(packed, at, '\n'); !s.ok()) return s;
    }
    domain::CreditLine line;
    absl::StatusOr<std::string> product = ReadField(packed, at);
    if (!product.ok()) return product.status();
    if (absl::Status s = Expect(packed, at, '\t'); !s.ok()) return s;
    absl::StatusOr<std::string> category = ReadField(packed, at);
    if (!category.ok()) return category.status();
    int64_t* amounts[] = {&line.amounts.revenue, &line.amounts.margin, &line.amounts.units};
    for (int64_t* amount : amounts) {
      if (absl::Status s = Expect(packed, at, '\t'); !s.ok()) return s;
      absl::StatusOr<int64_t> value = ReadNumber(packed, at);
      if (!value.ok()) return value.status();
      *amount = *value;
    }
    line.product = *std::move(product);
    line.category = *std::move(category);
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace sales::incentives::store
