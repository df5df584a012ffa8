#include "tests/harness/port_owner.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <system_error>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace sales::testing {
namespace {

constexpr const char* kListenState = "0A";  // TCP_LISTEN in /proc/net/tcp's "st" column

// Inodes of the listening sockets on `port` in a /proc/net/tcp-format table.
void CollectListeners(const std::string& table, int port, std::set<std::string>& inodes) {
  std::ifstream in(table);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
    std::istringstream fields(line);
    std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
    if (!(fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >>
          timeout >> inode)) {
      continue;
    }
    const std::string::size_type colon = local.rfind(':');
    int local_port = 0;
    if (colon == std::string::npos || state != kListenState ||
        !absl::SimpleHexAtoi(local.substr(colon + 1), &local_port) || local_port != port) {
      continue;
    }
    inodes.insert(inode);
  }
}

}  // namespace

bool ListensOn(pid_t pid, int port) {
  std::set<std::string> inodes;
  CollectListeners("/proc/net/tcp", port, inodes);
  CollectListeners("/proc/net/tcp6", port, inodes);
  if (inodes.empty()) return false;
  // The process may exit while its fds are read: every step takes an error code.
  std::error_code error;
  std::filesystem::directory_iterator fd(absl::StrCat("/proc/", pid, "/fd"), error);
  for (; !error && fd != std::filesystem::directory_iterator(); fd.increment(error)) {
    std::error_code link_error;
    const std::string target = std::filesystem::read_symlink(fd->path(), link_error).string();
    if (link_error || target.rfind("socket:[", 0) != 0) continue;
    if (inodes.count(target.substr(8, target.size() - 9)) > 0) return true;
  }
  return false;
}

}  // namespace sales::testing
