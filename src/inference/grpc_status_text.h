#pragma once
// gRPC failures as octgate Status values whose message reads like tritonclient's exceptions:
// "[StatusCode.UNAVAILABLE] failed to connect to all addresses; ..." (what the reference puts in
// a FAILED webhook's "error").
#include <grpcpp/support/status.h>

#include <string>

#include "common/status.h"

namespace octgate::inference {

// "UNAVAILABLE", "DEADLINE_EXCEEDED", ... as grpc.StatusCode names them.
const char* grpc_code_name(grpc::StatusCode code);
// "[StatusCode.<NAME>] <details>"
std::string grpc_error_text(const grpc::Status& status);
// The closest octgate code (UNAVAILABLE stays UNAVAILABLE so a retry policy can see it).
Status from_grpc(const grpc::Status& status);

}  // namespace octgate::inference
