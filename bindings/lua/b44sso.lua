--- b44sso: a LuaJIT FFI client for the Base44 SSO API over the native libb44sso.
--
--   local b44sso = require("b44sso")
--   local client = b44sso.new{ app_id = "my-app", service_token = token }
--   local access_token = client:get_access_token("user-123")   -- raises an error object
--   local id_token, err = client:try_get_id_token("user-123")   -- or returns nil, err
--   client:close()
--
-- Errors are tables (b44sso.Error) with kind, code, status, api_code, message and body.
-- Every call blocks the calling OS thread (in OpenResty: the whole nginx worker) until
-- Base44 answers or timeout_ms passes; see README.md.
--
-- This module uses only the ffi library and os.getenv, so it is safe to require from
-- OpenResty; it never does I/O of its own.

local ffi = require("ffi")
local jit = require("jit")

local M = {}

--- The header version this module was written against (B44SSO_VERSION_STRING).
M.HEADER_VERSION = "0.1.0"
M._VERSION = M.HEADER_VERSION

--- The declarations of include/b44sso.h, as LuaJIT's C parser takes them (no macros),
-- but for the names in UNBOUND. tests/test_declarations.lua holds this text against the header.
M.CDEF = [[
typedef struct b44_options b44_options;
typedef struct b44_client b44_client;
typedef struct b44_error b44_error;

typedef enum b44_code {
  B44_OK = 0,
  B44_ERR_INVALID_ARGUMENT = 1,
  B44_ERR_CONFIG = 2,
  B44_ERR_UNAUTHORIZED = 3,
  B44_ERR_FORBIDDEN = 4,
  B44_ERR_NOT_FOUND = 5,
  B44_ERR_RATE_LIMITED = 6,
  B44_ERR_SERVER = 7,
  B44_ERR_HTTP = 8,
  B44_ERR_NETWORK = 9,
  B44_ERR_TIMEOUT = 10,
  B44_ERR_TLS = 11,
  B44_ERR_PROTOCOL = 12,
  B44_ERR_NOMEM = 13,
  B44_ERR_INTERNAL = 14
} b44_code;

const char *b44_version(void);
const char *b44_code_name(b44_code code);

typedef enum b44_log_level {
  B44_LOG_ERROR = 1,
  B44_LOG_WARN = 2,
  B44_LOG_INFO = 3,
  B44_LOG_DEBUG = 4
} b44_log_level;
typedef void (*b44_log_handler)(b44_log_level level, const char *message, void *userdata);
void b44_set_log_handler(b44_log_handler handler, void *userdata, b44_log_level level);
typedef enum b44_log_threads {
  B44_LOG_ALL_THREADS = 0,
  B44_LOG_CALLER_THREADS = 1
} b44_log_threads;
b44_code b44_set_log_threads(b44_log_threads threads);

b44_options *b44_options_new(void);
b44_code b44_options_set(b44_options *o, const char *key, const char *value, b44_error **err);
void b44_options_free(b44_options *o);

b44_code b44_client_new(const b44_options *o, b44_client **out, b44_error **err);
b44_code b44_client_new_from_env(b44_client **out, b44_error **err);
b44_code b44_client_new_from_request_headers(const char *const *names,
                                             const char *const *values, size_t count,
                                             b44_client **out, b44_error **err);
void b44_client_free(b44_client *c);

b44_code b44_sso_get_access_token(b44_client *c, const char *user_id, char **out_token,
                                  b44_error **err);
b44_code b44_sso_get_id_token(b44_client *c, const char *user_id, char **out_token,
                              b44_error **err);
b44_code b44_auth_me(b44_client *c, char **out_user_json, b44_error **err);
b44_code b44_sso_get_access_tokens(b44_client *c, const char *const *user_ids, size_t count,
                                   char **out_tokens, b44_error **out_errors);
void b44_string_free(char *s);

b44_code b44_client_invalidate(b44_client *c, const char *user_id);
typedef struct b44_stats {
  uint64_t requests;
  uint64_t cache_hits;
  uint64_t cache_misses;
  uint64_t coalesced_waits;
  uint64_t retries;
  uint64_t errors;
} b44_stats;
b44_code b44_client_stats(const b44_client *c, b44_stats *out, size_t out_size);

b44_code b44_error_code(const b44_error *e);
int b44_error_http_status(const b44_error *e);
const char *b44_error_message(const b44_error *e);
const char *b44_error_api_code(const b44_error *e);
const char *b44_error_body(const b44_error *e);
void b44_error_free(b44_error *e);
]]

--- Names of include/b44sso.h that CDEF leaves out on purpose, with the reason.
-- tests/test_declarations.lua accepts exactly these as missing.
M.UNBOUND = {
  b44_sso_get_access_token_async = "calls back on a library thread, and LuaJIT cannot run a "
    .. "callback on a thread other than its Lua state's (it crashes)",
  b44_token_callback = "the callback type of b44_sso_get_access_token_async only",
}

--- The fields of b44_stats, in header order: the keys of client:stats().
M.STATS_FIELDS = { "requests", "cache_hits", "cache_misses", "coalesced_waits", "retries", "errors" }

--- The b44_code enum, name -> value (the header's names).
M.CODES = {
  B44_OK = 0,
  B44_ERR_INVALID_ARGUMENT = 1,
  B44_ERR_CONFIG = 2,
  B44_ERR_UNAUTHORIZED = 3,
  B44_ERR_FORBIDDEN = 4,
  B44_ERR_NOT_FOUND = 5,
  B44_ERR_RATE_LIMITED = 6,
  B44_ERR_SERVER = 7,
  B44_ERR_HTTP = 8,
  B44_ERR_NETWORK = 9,
  B44_ERR_TIMEOUT = 10,
  B44_ERR_TLS = 11,
  B44_ERR_PROTOCOL = 12,
  B44_ERR_NOMEM = 13,
  B44_ERR_INTERNAL = 14,
}

--- The b44_log_level enum, name -> value.
M.LOG_LEVELS = { B44_LOG_ERROR = 1, B44_LOG_WARN = 2, B44_LOG_INFO = 3, B44_LOG_DEBUG = 4 }

--- The kind of the error raised by a call on a closed client (not a library code).
M.CLIENT_CLOSED = "B44SSO_CLIENT_CLOSED"

local LEVEL_NAMES = { "error", "warn", "info", "debug" } -- by value
local LEVEL_VALUES = { error = 1, warn = 2, info = 3, debug = 4 }
local ENV_VAR = "B44SSO_LIBRARY"
local SYSTEM_NAME = "libb44sso.so.0" -- the SONAME: the system loader's search

-- Declared once per Lua state: a module reloaded (lua_code_cache off) must not redefine.
if not pcall(ffi.typeof, "b44_log_handler") then
  ffi.cdef(M.CDEF)
end

---------------------------------------------------------------------------------------
-- Loading

--- Refuses a library version whose major part differs from HEADER_VERSION's.
function M.check_version(library_version, source)
  local wanted = M.HEADER_VERSION:match("^(%d+)%.")
  local major = tostring(library_version):match("^(%d+)%.%d+%.%d+")
  if major ~= wanted then
    error(("b44sso: libb44sso %s (from %s) is not supported: this module needs version %s.x (written for %s)")
      :format(tostring(library_version), source, wanted, M.HEADER_VERSION), 0)
  end
end

local function load_library()
  local from_env = os.getenv(ENV_VAR)
  local name = (from_env and from_env ~= "") and from_env or SYSTEM_NAME
  local ok, lib = pcall(ffi.load, name)
  if not ok then
    error(("b44sso: cannot load libb44sso from %s: %s (set %s to the path of libb44sso.so)")
      :format(name, tostring(lib), ENV_VAR), 0)
  end
  -- Resolve every function now, so a too-old library fails at require, not mid-request.
  for fname in M.CDEF:gmatch("([%w_]+)%s*%b()%s*;") do
    if not pcall(function() return lib[fname] end) then
      error(("b44sso: the library from %s has no function %s"):format(name, fname), 0)
    end
  end
  M.check_version(ffi.string(lib.b44_version()), name)
  return lib, name
end

local lib, library_source = load_library()

--- Where the library came from: the B44SSO_LIBRARY path or "libb44sso.so.0".
M.library_source = library_source

--- The native library's version, e.g. "0.1.0".
function M.library_version()
  return ffi.string(lib.b44_version())
end

---------------------------------------------------------------------------------------
-- Errors

--- Metatable of every error this module raises or returns.
-- Fields: kind ("B44_ERR_NOT_FOUND"), code (the number; nil for CLIENT_CLOSED),
-- status (HTTP status, nil when there was no answer), api_code (Base44's code or nil),
-- message (one line, never a secret), body (error answer, secrets redacted, or nil).
local Error = {}
Error.__index = Error
M.Error = Error

--- "b44sso: B44_ERR_NOT_FOUND (HTTP 404, NOT_FOUND): message" - never the body.
function Error.__tostring(e)
  local details = {}
  if e.status then details[#details + 1] = "HTTP " .. e.status end
  if e.api_code then details[#details + 1] = e.api_code end
  local where = #details > 0 and (" (" .. table.concat(details, ", ") .. ")") or ""
  return ("b44sso: %s%s: %s"):format(e.kind, where, e.message)
end

--- True when v is an error of this module.
function M.is_error(v)
  return getmetatable(v) == Error
end

local function code_name(code)
  return ffi.string(lib.b44_code_name(code))
end

local function new_error(code, message, status, api_code, body)
  return setmetatable({
    kind = code and code_name(code) or M.CLIENT_CLOSED,
    code = code,
    status = status,
    api_code = api_code,
    message = message,
    body = body,
  }, Error)
end

local function raise(code, message)
  error(new_error(code, message), 2)
end

local function optional_string(pointer)
  if pointer == nil then return nil end
  return ffi.string(pointer)
end

-- The error for a failed call; frees the native error.
local function take_error(code, native)
  if native == nil then -- the library could not even allocate it
    return new_error(code, "b44sso call failed with " .. code_name(code))
  end
  local status = tonumber(lib.b44_error_http_status(native))
  local err = new_error(code,
    optional_string(lib.b44_error_message(native)) or code_name(code),
    status > 0 and status or nil,
    optional_string(lib.b44_error_api_code(native)),
    optional_string(lib.b44_error_body(native)))
  lib.b44_error_free(native)
  return err
end

local function check(code, error_box)
  code = tonumber(code)
  if code ~= 0 then
    error(take_error(code, error_box[0]), 0)
  end
end

-- For calls that return a code without an error object.
local function check_code(code)
  code = tonumber(code)
  if code ~= 0 then
    error(take_error(code, nil), 0)
  end
end

-- Refuses text C would cut short at a NUL byte; `what` names it, never shows it.
local function c_text(value, what)
  if type(value) ~= "string" then
    raise(M.CODES.B44_ERR_INVALID_ARGUMENT, ("%s must be a string, got %s"):format(what, type(value)))
  end
  if value:find("\0", 1, true) then
    raise(M.CODES.B44_ERR_INVALID_ARGUMENT, what .. " contains a NUL character")
  end
  return value
end

-- Control characters escaped, for names (never values) shown in messages.
local function shown(name)
  return (tostring(name):gsub("%c", function(c) return ("\\%03d"):format(c:byte()) end))
end

-- Wraps a raising function into one returning nil, err for this module's errors.
-- Anything else (a bug) is raised again.
local function returning_nil_err(fn)
  return function(...)
    local results = { n = 0 }
    local function keep(ok, ...)
      results.n = select("#", ...)
      for i = 1, results.n do results[i] = select(i, ...) end
      return ok
    end
    if keep(pcall(fn, ...)) then return unpack(results, 1, results.n) end
    local err = results[1]
    if getmetatable(err) == Error then return nil, err end
    error(err, 0)
  end
end

---------------------------------------------------------------------------------------
-- The log handler, attached to the library only during calls that log on this thread

-- The library also logs from threads of its own (batch requests, background refreshes of
-- cached tokens), and LuaJIT crashes when a callback comes from another thread. So the
-- library is told to deliver lines only on its callers' threads, and the handler is
-- attached only while a call whose lines come from the calling thread runs.
local log_callback = nil -- the b44_log_handler made by set_log_handler, or nil
local log_level = 2

-- Attaches the handler for one call; true when there is one (detach_log must follow).
local function attach_log()
  if log_callback == nil then return false end
  lib.b44_set_log_handler(log_callback, nil, log_level)
  return true
end

local function detach_log()
  lib.b44_set_log_handler(nil, nil, 1)
end

---------------------------------------------------------------------------------------
-- Client

local Client = {}
Client.__index = Client
M.Client = Client

--- Never shows a token: only whether the client is open.
function Client.__tostring(c)
  return c._handle and "b44sso.Client (open)" or "b44sso.Client (closed)"
end

local function wrap(pointer)
  if pointer == nil then
    raise(M.CODES.B44_ERR_INTERNAL, "the library returned no client")
  end
  -- The finalizer frees a client that is dropped without close().
  return setmetatable({ _handle = ffi.gc(pointer, lib.b44_client_free) }, Client)
end

local function option_text(key, value)
  if type(value) == "number" then
    if value ~= value or value == math.huge or value == -math.huge or value % 1 ~= 0 then
      raise(M.CODES.B44_ERR_INVALID_ARGUMENT, ("option %s must be an integer"):format(key))
    end
    return ("%d"):format(value)
  end
  if type(value) ~= "string" then
    raise(M.CODES.B44_ERR_INVALID_ARGUMENT,
      ("option %s must be a string or an integer, got %s"):format(key, type(value)))
  end
  return c_text(value, "option " .. key)
end

local function sorted_option_keys(options)
  local keys = {}
  for key in pairs(options) do
    if type(key) ~= "string" then
      raise(M.CODES.B44_ERR_INVALID_ARGUMENT, "option keys must be strings, got " .. type(key))
    end
    keys[#keys + 1] = key
  end
  table.sort(keys) -- the first bad key reported does not depend on table order
  return keys
end

local function create_client(options)
  if type(options) ~= "table" then
    raise(M.CODES.B44_ERR_INVALID_ARGUMENT, "options must be a table, got " .. type(options))
  end
  local keys = sorted_option_keys(options)
  local native = lib.b44_options_new()
  if native == nil then raise(M.CODES.B44_ERR_NOMEM, "b44_options_new returned NULL") end
  native = ffi.gc(native, lib.b44_options_free) -- freed even when a key is refused
  local error_box = ffi.new("b44_error*[1]")
  for _, key in ipairs(keys) do
    local name = shown(key)
    c_text(key, ("option key %q"):format(name))
    local text = option_text(name, options[key])
    check(lib.b44_options_set(native, key, text, error_box), error_box)
  end
  local out = ffi.new("b44_client*[1]")
  local code = lib.b44_client_new(native, out, error_box)
  lib.b44_options_free(ffi.gc(native, nil)) -- now: it zeroes the secrets it copied
  check(code, error_box)
  return wrap(out[0])
end

local function create_client_from_env()
  local out, error_box = ffi.new("b44_client*[1]"), ffi.new("b44_error*[1]")
  check(lib.b44_client_new_from_env(out, error_box), error_box)
  return wrap(out[0])
end

local function header_pairs(headers)
  if type(headers) ~= "table" then
    raise(M.CODES.B44_ERR_INVALID_ARGUMENT, "headers must be a table, got " .. type(headers))
  end
  local names, values = {}, {}
  for name, value in pairs(headers) do
    local name_text = c_text(name, "a header name")
    local list = type(value) == "table" and value or { value } -- ngx.req.get_headers() style
    for _, one in ipairs(list) do
      names[#names + 1] = name_text
      values[#values + 1] = c_text(one, "header " .. shown(name_text))
    end
  end
  return names, values
end

local function create_client_from_request_headers(headers)
  local names, values = header_pairs(headers)
  local count = #names
  local c_names, c_values = nil, nil
  if count > 0 then
    -- The Lua strings in names/values stay referenced (alive) until the call returns.
    c_names = ffi.new("const char*[?]", count, names)
    c_values = ffi.new("const char*[?]", count, values)
  end
  local out, error_box = ffi.new("b44_client*[1]"), ffi.new("b44_error*[1]")
  check(lib.b44_client_new_from_request_headers(c_names, c_values, count, out, error_box), error_box)
  return wrap(out[0])
end

local function handle_of(client)
  if getmetatable(client) ~= Client then
    error("b44sso: call client methods with a colon: client:get_access_token(user_id)", 3)
  end
  local handle = client._handle
  if not handle then
    error(new_error(nil, "this b44sso client is closed"), 3)
  end
  return handle
end

-- Runs fn(handle, [argument,] out, err) and returns the string it produced.
local function call_for_string(fn, handle, argument)
  local out, error_box = ffi.new("char*[1]"), ffi.new("b44_error*[1]")
  local code
  local logging = attach_log()
  if argument == nil then
    code = fn(handle, out, error_box)
  else
    code = fn(handle, argument, out, error_box)
  end
  if logging then detach_log() end
  check(code, error_box)
  local text = ffi.string(out[0])
  lib.b44_string_free(out[0]) -- zeroes the library's copy
  return text
end

--- The SSO access token Base44 holds for user_id. Needs a service token.
-- user_id: non-empty UTF-8 of at most 1024 bytes without control characters.
function Client:get_access_token(user_id)
  local handle = handle_of(self)
  return call_for_string(lib.b44_sso_get_access_token, handle, c_text(user_id, "user_id"))
end

--- The OIDC ID token Base44 holds for user_id. Same rules as get_access_token.
function Client:get_id_token(user_id)
  local handle = handle_of(self)
  return call_for_string(lib.b44_sso_get_id_token, handle, c_text(user_id, "user_id"))
end

--- The user who owns the client's user token, as JSON object text (decode it with
-- cjson in OpenResty). Needs a user token.
function Client:me()
  return call_for_string(lib.b44_auth_me, handle_of(self))
end

-- The token (or the error) of each of `count` entries; frees the library's copies.
local function take_batch_results(code, count, tokens, errors)
  local results, failures = {}, nil
  for i = 0, count - 1 do
    if tokens[i] ~= nil then
      results[i + 1] = ffi.string(tokens[i])
      lib.b44_string_free(tokens[i]) -- zeroes the library's copy
    else
      failures = failures or {}
      if errors[i] ~= nil then
        failures[i + 1] = take_error(tonumber(lib.b44_error_code(errors[i])), errors[i])
      else -- no error object (no memory for it, or the whole call refused): the call's code
        failures[i + 1] = take_error(code ~= 0 and code or M.CODES.B44_ERR_INTERNAL, nil)
      end
    end
  end
  return results, failures
end

--- The access tokens of many users at once: returns tokens, errors. tokens[i] is the
-- token of user_ids[i], or nil when that user failed; errors is nil when every user got a
-- token, else errors[i] is the error object of each user that failed. The library fetches
-- concurrently over at most max_connections connections, fetches a repeated id once, and
-- answers from the token cache where it can. Raises (try_ form: nil, err) only when the
-- whole call cannot run: a closed client, user_ids not a table, an id that is not a string
-- or holds a NUL byte (nothing is sent).
-- Runs without the log handler: its requests run on library threads, and a Lua callback
-- entered from one of them crashes LuaJIT. So log lines of this call are not delivered.
local function get_access_tokens(client, user_ids)
  local handle = handle_of(client)
  if type(user_ids) ~= "table" then
    raise(M.CODES.B44_ERR_INVALID_ARGUMENT, "user_ids must be a list of user ids, got " .. type(user_ids))
  end
  local ids = {} -- a copy from index 1: a table initializer would start at ids[0] if set
  for i = 1, #user_ids do ids[i] = c_text(user_ids[i], ("user_ids[%d]"):format(i)) end
  local count = #ids
  if count == 0 then return {}, nil end
  -- The Lua strings stay referenced by ids (alive) until the call returns.
  local c_ids = ffi.new("const char*[?]", count, ids)
  local tokens, errors = ffi.new("char*[?]", count), ffi.new("b44_error*[?]", count)
  local code = tonumber(lib.b44_sso_get_access_tokens(handle, c_ids, count, tokens, errors))
  return take_batch_results(code, count, tokens, errors)
end
Client.get_access_tokens = get_access_tokens

--- Drops the cached tokens of user_id from the process-wide token cache, for every client
-- of the process (e.g. after revoking the user's access).
function Client:invalidate(user_id)
  local handle = handle_of(self)
  check_code(lib.b44_client_invalidate(handle, c_text(user_id, "user_id")))
end

--- This client's counters since it was created: a table with the keys of STATS_FIELDS
-- (requests, cache_hits, cache_misses, coalesced_waits, retries, errors), numbers.
function Client:stats()
  local handle = handle_of(self)
  local native = ffi.new("b44_stats")
  check_code(lib.b44_client_stats(handle, native, ffi.sizeof(native)))
  local stats = {}
  for _, field in ipairs(M.STATS_FIELDS) do stats[field] = tonumber(native[field]) end
  return stats
end

--- True once close() has run.
function Client:is_closed()
  return self._handle == nil
end

--- Frees the native client: closes its connections and zeroes the secrets it held.
-- Calling it again does nothing.
function Client:close()
  local handle = self._handle
  if handle then
    self._handle = nil
    lib.b44_client_free(ffi.gc(handle, nil))
  end
end

Client.try_get_access_token = returning_nil_err(Client.get_access_token)
Client.try_get_id_token = returning_nil_err(Client.get_id_token)
Client.try_me = returning_nil_err(Client.me)
Client.try_get_access_tokens = returning_nil_err(Client.get_access_tokens)
Client.try_invalidate = returning_nil_err(Client.invalidate)
Client.try_stats = returning_nil_err(Client.stats)

--- Creates a client from an options table. Keys: app_id, service_token, user_token,
-- server_url (default https://base44.app; plain http to loopback only), state, data_env
-- (dev|prod), timeout_ms (15000), connect_timeout_ms (5000), max_retries (2), ca_file,
-- proxy, user_agent (sent after "b44sso/VERSION"), cache (auto|off), cache_ttl_s (cache
-- tokens without a known expiry this long, at your risk; 0 = never, the default),
-- cache_skew_s (60), cache_refresh_s (300), cache_max_entries (10000), max_connections (8;
-- also the batch's parallelism). Values: strings or integers. No network traffic happens here.
M.new = create_client

--- Creates a client from BASE44_APP_ID, BASE44_SERVICE_TOKEN, BASE44_USER_TOKEN,
-- BASE44_API_URL and BASE44_CA_FILE (nginx passes them only with `env NAME;`).
M.from_env = create_client_from_env

--- Creates a client from the headers of an incoming Base44 platform request, as the
-- JavaScript SDK's createClientFromRequest does: a table name -> value or list of values
-- (ngx.req.get_headers()); names are case-insensitive.
M.from_request_headers = create_client_from_request_headers

M.try_new = returning_nil_err(create_client)
M.try_from_env = returning_nil_err(create_client_from_env)
M.try_from_request_headers = returning_nil_err(create_client_from_request_headers)

---------------------------------------------------------------------------------------
-- Logging

local function level_value(level)
  local value = LEVEL_VALUES[level] or (type(level) == "number" and LEVEL_NAMES[level] and level)
  if not value then
    raise(M.CODES.B44_ERR_INVALID_ARGUMENT,
      "log level must be \"error\", \"warn\", \"info\" or \"debug\", got " .. tostring(level))
  end
  return value
end

--- Sends the library's log lines at `level` ("error", "warn" (default: failed calls),
-- "info" (retries), "debug" (every request)) and more severe to handler(level, line).
-- nil turns logging off. Lines never hold a secret. The handler runs inside the call
-- that logs and must not call b44sso; an error it raises is dropped (it must not unwind
-- through C). Only lines of get_access_token, get_id_token and me are delivered: see README.
function M.set_log_handler(handler, level)
  local value = level_value(level or "warn")
  local callback = nil
  if handler ~= nil then
    if type(handler) ~= "function" then
      raise(M.CODES.B44_ERR_INVALID_ARGUMENT, "the log handler must be a function or nil")
    end
    callback = ffi.cast("b44_log_handler", function(line_level, line)
      local number = tonumber(line_level)
      pcall(handler, LEVEL_NAMES[number] or number, ffi.string(line))
    end)
  end
  if log_callback then
    log_callback:free() -- attached during calls only, so the library no longer holds it
  end
  if callback then lib.b44_set_log_threads(lib.B44_LOG_CALLER_THREADS) end
  log_callback, log_level = callback, value
end

-- LuaJIT cannot enter a Lua callback from a C function called by JIT-compiled code, and
-- every library call may log: keep the functions that make those calls interpreted.
for _, fn in ipairs({ create_client, create_client_from_env, create_client_from_request_headers,
  call_for_string, get_access_tokens, Client.close, M.set_log_handler }) do
  jit.off(fn)
end

return M
