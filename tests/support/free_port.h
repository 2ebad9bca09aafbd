#pragma once
// A loopback TCP port that was free a moment ago (bound to port 0, then closed), for tests that
// must restart a server on the same port.
namespace octgate::testing {

int pick_free_port();

}  // namespace octgate::testing
