-- Each thread sends its own share of the pre-signed requests, in order.
local counter, threads = 1, {}
function setup(thread)
  thread:set("id", counter); table.insert(threads, thread); counter = counter + 1
end
function init(args)
  reqs = {}
  local i = 0
  for line in io.lines(args[1]) do
    i = i + 1
    if i % tonumber(args[2]) == id - 1 then
      local d, si, s, body = line:match("([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)")
      table.insert(reqs, wrk.format("POST", "/api/v1/records", {
        ["Content-Type"] = "application/json", ["Content-Digest"] = d,
        ["Signature-Input"] = si, ["Signature"] = s }, body))
    end
  end
  n = 0
end
function request()
  n = n % #reqs + 1
  return reqs[n]
end
