#pragma once
#include <string>

namespace octgate::api {

// A random (version 4) UUID in its canonical text form.
std::string new_request_uuid();

}  // namespace octgate::api
