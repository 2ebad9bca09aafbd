-- wrk script: POST /invocations with one PNG scan as multipart/form-data.
local f = assert(io.open(os.getenv("SCAN_PNG"), "rb"))
local png = f:read("*all")
f:close()
local boundary = "octgate-bench-boundary"
wrk.method = "POST"
wrk.body = "--" .. boundary .. "\r\n" ..
  "Content-Disposition: form-data; name=\"image\"; filename=\"scan.png\"\r\n" ..
  "Content-Type: image/png\r\n\r\n" .. png .. "\r\n--" .. boundary .. "--\r\n"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
wrk.headers["Webhook-Url"] = os.getenv("WEBHOOK_URL")
