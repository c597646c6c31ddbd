# frozen_string_literal: true

require "ffi"

module B44SSO
  # Raw bindings of include/b44sso.h (through the ffi gem). Not for direct use:
  # Client wraps them. test/test_declarations.rb checks every table below
  # against the header, so a header change breaks the tests, not the users.
  module Native
    extend FFI::Library

    # B44SSO_LIBRARY names the file to load; otherwise the system loader looks for
    # the SONAME (LD_LIBRARY_PATH, ldconfig paths).
    LIBRARY = ENV["B44SSO_LIBRARY"].to_s.empty? ? "libb44sso.so.0" : ENV["B44SSO_LIBRARY"]

    begin
      ffi_lib LIBRARY
    rescue ::LoadError => e
      raise B44SSO::LoadError,
            "b44sso: cannot load the native library #{LIBRARY} (set B44SSO_LIBRARY to its path): #{e.message}"
    end

    # enum b44_code, by header name, in header order.
    CODES = {
      B44_OK: 0,
      B44_ERR_INVALID_ARGUMENT: 1,
      B44_ERR_CONFIG: 2,
      B44_ERR_UNAUTHORIZED: 3,
      B44_ERR_FORBIDDEN: 4,
      B44_ERR_NOT_FOUND: 5,
      B44_ERR_RATE_LIMITED: 6,
      B44_ERR_SERVER: 7,
      B44_ERR_HTTP: 8,
      B44_ERR_NETWORK: 9,
      B44_ERR_TIMEOUT: 10,
      B44_ERR_TLS: 11,
      B44_ERR_PROTOCOL: 12,
      B44_ERR_NOMEM: 13,
      B44_ERR_INTERNAL: 14
    }.freeze

    # enum b44_log_level.
    LOG_LEVELS = {
      B44_LOG_ERROR: 1,
      B44_LOG_WARN: 2,
      B44_LOG_INFO: 3,
      B44_LOG_DEBUG: 4
    }.freeze

    # enum b44_log_threads.
    LOG_THREADS = {
      B44_LOG_ALL_THREADS: 0,
      B44_LOG_CALLER_THREADS: 1
    }.freeze

    # Enums are plain ints here: a newer library may return a code this gem does not
    # know, and an FFI enum would hand that back as a bare Integer anyway.
    typedef :int, :b44_code
    typedef :int, :b44_log_level
    typedef :int, :b44_log_threads

    # Callback typedefs: name => [parameter types, return type].
    CALLBACKS = {
      b44_log_handler: [%i[b44_log_level string pointer], :void],
      b44_token_callback: [%i[b44_code string pointer pointer], :void]
    }.freeze
    CALLBACKS.each { |name, (params, result)| callback name, params, result }

    # struct b44_stats: six uint64_t counters, in header order. Fields are only ever
    # appended, and b44_client_stats fills only the size it is given, so an older layout
    # stays valid against a newer library.
    class Stats < FFI::Struct
      layout :requests, :uint64,
             :cache_hits, :uint64,
             :cache_misses, :uint64,
             :coalesced_waits, :uint64,
             :retries, :uint64,
             :errors, :uint64
    end

    # Every declared function: name => [parameter types, return type].
    FUNCTIONS = {
      b44_version: [[], :string],
      b44_code_name: [%i[b44_code], :string],
      b44_set_log_handler: [%i[b44_log_handler pointer b44_log_level], :void],
      b44_set_log_threads: [%i[b44_log_threads], :b44_code],
      b44_options_new: [[], :pointer],
      b44_options_set: [%i[pointer string string pointer], :b44_code],
      b44_options_free: [%i[pointer], :void],
      b44_client_new: [%i[pointer pointer pointer], :b44_code],
      b44_client_new_from_env: [%i[pointer pointer], :b44_code],
      b44_client_new_from_request_headers: [%i[pointer pointer size_t pointer pointer], :b44_code],
      b44_client_free: [%i[pointer], :void],
      b44_sso_get_access_token: [%i[pointer string pointer pointer], :b44_code],
      b44_sso_get_id_token: [%i[pointer string pointer pointer], :b44_code],
      b44_auth_me: [%i[pointer pointer pointer], :b44_code],
      b44_sso_get_access_tokens: [%i[pointer pointer size_t pointer pointer], :b44_code],
      b44_sso_get_access_token_async: [%i[pointer string b44_token_callback pointer], :b44_code],
      b44_client_invalidate: [%i[pointer string], :b44_code],
      b44_client_stats: [%i[pointer pointer size_t], :b44_code],
      b44_string_free: [%i[pointer], :void],
      b44_error_code: [%i[pointer], :b44_code],
      b44_error_http_status: [%i[pointer], :int],
      b44_error_message: [%i[pointer], :string],
      b44_error_api_code: [%i[pointer], :string],
      b44_error_body: [%i[pointer], :string],
      b44_error_free: [%i[pointer], :void]
    }.freeze

    # These wait for the network: they release the GVL so other Ruby threads run
    # (and other calls on the same client proceed in parallel). The batch call must: its
    # library threads may log, and the ffi gem runs such callbacks on a Ruby thread, which
    # needs the GVL this thread would otherwise hold while it waits for them.
    BLOCKING = %i[b44_sso_get_access_token b44_sso_get_id_token b44_auth_me
                  b44_sso_get_access_tokens].freeze

    FUNCTIONS.each do |name, (params, result)|
      attach_function name, params, result, blocking: BLOCKING.include?(name)
    end

    # A permanent FFI::Function of callback type `name` running `block`. Never freed, not
    # even by the finalizers that run when Ruby exits: library threads (batch workers,
    # background cache refreshes, async calls) may call it at any moment, and freed closure
    # memory would crash the process.
    def self.trampoline(name, &block)
      params, result = CALLBACKS.fetch(name)
      function = FFI::Function.new(find_type(result), params.map { |type| find_type(type) }, &block)
      function.autorelease = false
      function
    end

    # The library's major version must equal the supported one.
    def self.check_version!(found)
      major = ->(version) { version[/\A(\d+)\.\d+\.\d+\z/, 1] }
      return if major.(found) && major.(found) == major.(SUPPORTED_LIBRARY_VERSION)

      raise B44SSO::LoadError,
            "b44sso: libb44sso #{found.inspect} (#{LIBRARY}) is not supported: this gem needs " \
            "#{SUPPORTED_LIBRARY_VERSION} or another version with the same major number"
    end

    check_version!(b44_version)
  end
end
