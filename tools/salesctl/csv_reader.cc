#include "tools/salesctl/csv_reader.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace sales::salesctl {

absl::StatusOr<std::vector<CsvRecord>> ParseCsv(absl::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRecord> records;
  CsvRecord record;
  std::string field;
  int line = 1;
  size_t i = 0;
  bool record_open = false;
  const auto end_field = [&] {
    record.fields.push_back(std::move(field));
    field.clear();
  };
  const auto end_record = [&] {
    end_field();
    const bool blank = record.fields.size() == 1 && record.fields[0].empty();
    if (!blank) records.push_back(std::move(record));
    record = CsvRecord{};
    record_open = false;
  };
  while (i < text.size()) {
    if (!record_open) {
      record.line = line;
      record_open = true;
    }
    const char c = text[i];
    if (c == '"' && field.empty()) {
      // A quoted field: up to the closing quote, "" standing for one quote.
      const int start_line = line;
      ++i;
      bool closed = false;
      while (i < text.size()) {
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        if (text[i] == '\n') ++line;
        field += text[i++];
      }
      if (!closed) {
        return absl::InvalidArgumentError(
            absl::StrCat("line ", start_line, ": quoted field is not closed"));
      }
      if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        return absl::InvalidArgumentError(
            absl::StrCat("line ", line, ": text after the closing quote of a field"));
      }
      continue;
    }
    if (c == ',') {
      end_field();
      ++i;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
    } else if (c == '\n') {
      end_record();
      ++line;
      ++i;
    } else {
      field += c;
      ++i;
    }
  }
  if (record_open) end_record();
  return records;
}

absl::StatusOr<CsvHeader> CsvHeader::Parse(const CsvRecord& header,
                                           const std::vector<std::string>& required,
                                           const std::vector<std::string>& optional) {
  const std::set<std::string> known = [&] {
    std::set<std::string> all(required.begin(), required.end());
    all.insert(optional.begin(), optional.end());
    return all;
  }();
  CsvHeader out;
  out.width_ = header.fields.size();
  for (size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name(absl::StripAsciiWhitespace(header.fields[i]));
    if (known.count(name) == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "line ", header.line, ": the first line must be the header; unknown column '", name,
          "' (columns: ", absl::StrJoin(required, ","), ",", absl::StrJoin(optional, ","), ")"));
    }
    if (!out.index_.emplace(name, i).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", header.line, ": column '", name, "' appears twice"));
    }
  }
  std::vector<std::string> missing;
  for (const std::string& name : required) {
    if (out.index_.count(name) == 0) missing.push_back(name);
  }
  if (!missing.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("line ", header.line,
                                                   ": the header lacks the required column(s) ",
                                                   absl::StrJoin(missing, ",")));
  }
  return out;
}

absl::Status CsvHeader::CheckWidth(const CsvRecord& record) const {
  if (record.fields.size() == width_) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      "line ", record.line, ": has ", record.fields.size(), " fields, the header ", width_));
}

const std::string& CsvHeader::Get(const CsvRecord& record, const std::string& column) const {
  static const std::string kEmpty;
  const auto it = index_.find(column);
  if (it == index_.end() || it->second >= record.fields.size()) return kEmpty;
  return record.fields[it->second];
}

}  // namespace sales::salesctl
