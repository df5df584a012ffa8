// Printing resources in the chosen mode: an aligned table for people (the default), one
// JSON object per line with --json, or only resource names with --quiet. A View says which
// columns a table of one resource type shows.
#pragma once

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "tools/salesctl/cli_context.h"
#include "tools/salesctl/json_output.h"
#include "tools/salesctl/table_printer.h"

namespace sales::salesctl {

template <class T>
struct Column {
  std::string header;
  std::function<std::string(const T&)> cell;
  TablePrinter::Align align = TablePrinter::Align::kLeft;
};

template <class T>
using View = std::vector<Column<T>>;

// A right-aligned column (numbers, money).
template <class T>
Column<T> Right(std::string header, std::function<std::string(const T&)> cell) {
  return Column<T>{std::move(header), std::move(cell), TablePrinter::Align::kRight};
}

template <class T>
void PrintTable(CliContext& ctx, const View<T>& view, const std::vector<T>& items) {
  std::vector<TablePrinter::Column> columns;
  for (const Column<T>& column : view) columns.push_back({column.header, column.align});
  TablePrinter table(std::move(columns));
  for (const T& item : items) {
    std::vector<std::string> cells;
    for (const Column<T>& column : view) cells.push_back(column.cell(item));
    table.AddRow(std::move(cells));
  }
  table.Print(ctx.out());
}

// Prints `items` as the mode says (one JSON line or one name per item, or one table).
template <class T>
void PrintItems(CliContext& ctx, const View<T>& view, const std::vector<T>& items) {
  switch (ctx.mode()) {
    case OutputMode::kJson:
      for (const T& item : items) ctx.out() << JsonLine(item) << "\n";
      break;
    case OutputMode::kQuiet:
      for (const T& item : items) {
        const std::string name = NameOf(item);
        if (!name.empty()) ctx.out() << name << "\n";
      }
      break;
    case OutputMode::kTable:
      PrintTable(ctx, view, items);
      break;
  }
  ctx.out().flush();
}

template <class T>
void PrintItem(CliContext& ctx, const View<T>& view, const T& item) {
  PrintItems(ctx, view, std::vector<T>{item});
}

// Calls a List method page by page (the service's page tokens) until --limit items (0:
// all) and prints them. JSON lines and names are printed page by page; a table once at the
// end, with a note on stderr when the limit cut the list short.
template <class Stub, class Req, class Resp, class T>
absl::Status ListPages(CliContext& ctx,
                       grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*),
                       Req request,
                       const google::protobuf::RepeatedPtrField<T>& (Resp::*items)() const,
                       const View<T>& view) {
  constexpr int kMaxPageSize = 500;
  const int limit = ctx.options().limit;
  std::vector<T> rows;
  int64_t printed = 0;
  bool more = false;
  while (true) {
    const int64_t left = limit == 0 ? kMaxPageSize : limit - printed;
    request.set_page_size(static_cast<int32_t>(std::min<int64_t>(left, kMaxPageSize)));
    Resp response;
    absl::Status status = ctx.Invoke(method, request, &response);
    if (!status.ok()) return status;
    std::vector<T> page;
    for (const T& item : (response.*items)()) {
      if (limit != 0 && printed == limit) {
        more = true;
        break;
      }
      page.push_back(item);
      ++printed;
    }
    if (ctx.mode() == OutputMode::kTable) {
      rows.insert(rows.end(), page.begin(), page.end());
    } else {
      PrintItems(ctx, view, page);
    }
    if (response.next_page_token().empty()) break;
    if (limit != 0 && printed == limit) {
      more = true;
      break;
    }
    request.set_page_token(response.next_page_token());
  }
  if (ctx.mode() == OutputMode::kTable) {
    PrintTable(ctx, view, rows);
    if (more) {
      ctx.err() << "(first " << printed << " shown; --limit N for more, --limit 0 for all)\n";
    }
  }
  return absl::OkStatus();
}

}  // namespace sales::salesctl
