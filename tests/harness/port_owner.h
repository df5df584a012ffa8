// Which process listens on a TCP port, read from Linux's /proc: a health check answered on
// a port proves only that *someone* serves there, and a parallel test's server may have
// taken the port between FreePort() and the child's bind.
#pragma once

#include <sys/types.h>

namespace sales::testing {

// Whether process `pid` holds a listening TCP socket (IPv4 or IPv6) on `port`.
bool ListensOn(pid_t pid, int port);

}  // namespace sales::testing
