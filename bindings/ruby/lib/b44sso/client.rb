# frozen_string_literal: true

require "json"

module B44SSO
  # A client of the Base44 SSO API.
  #
  #   B44SSO::Client.open(app_id: "my-app", service_token: ENV["SVC"]) do |client|
  #     client.access_token("user-123")
  #   end
  #
  # Thread-safe: share one client between threads; calls run in parallel (the GVL
  # is released while they wait) and reuse connections. No network traffic happens
  # at creation. #close frees the native client now; otherwise the garbage
  # collector does. Any call on a closed client raises B44SSO::ClosedError.
  class Client
    # Creates a client from options, given as keywords named like the library's
    # keys: app_id, service_token, user_token, server_url (default
    # https://base44.app; plain http only to loopback), state, data_env ("dev" or
    # "prod"), timeout_ms (total deadline, default 15000), connect_timeout_ms,
    # max_retries, ca_file, proxy, user_agent (appended to "b44sso/VERSION"),
    # cache ("auto" or "off"), cache_ttl_s (cache tokens without a known expiry this
    # long: your risk; default 0 = never), cache_skew_s (60), cache_refresh_s (300),
    # cache_max_entries (10000), max_connections (8; also the batch's parallelism).
    # Values may be String, Integer, Symbol or Pathname; nil leaves the default.
    #
    # Raises InvalidArgumentError for an unknown key or bad value (the message
    # names the key), ConfigError without app_id, without any token, for plain
    # http to a remote host, or for an unreadable ca_file.
    def initialize(**options)
      pointer = NativeOptions.with(options) do |native|
        Call.creating { |out, err| Native.b44_client_new(native, out, err) }
      end
      attach(pointer)
    end

    class << self
      # Like new; with a block, yields the client and closes it afterwards,
      # returning the block's value.
      def open(**options)
        client = new(**options)
        return client unless block_given?

        begin
          yield client
        ensure
          client.close
        end
      end

      # A client from BASE44_APP_ID, BASE44_SERVICE_TOKEN, BASE44_USER_TOKEN,
      # BASE44_API_URL and BASE44_CA_FILE, with the rules of new.
      def from_env
        adopt(Call.creating { |out, err| Native.b44_client_new_from_env(out, err) })
      end

      # A client from the headers of an incoming Base44 platform request, as the
      # JavaScript SDK's createClientFromRequest does. Takes a Hash or any
      # enumerable of [name, value] pairs; names are case-insensitive, and Rack
      # env names (HTTP_BASE44_APP_ID) are understood too, so a Rails
      # request.headers or a Rack env works as is.
      #
      # Base44-App-Id is required (ConfigError); Base44-Service-Authorization and
      # Authorization must be exactly "Bearer <token>" when present
      # (InvalidArgumentError); Base44-Api-Url sets the server; Base44-State and
      # X-Data-Env (dev or prod) are forwarded; other headers are ignored.
      def from_request_headers(headers)
        pairs = RequestHeaders.pairs(headers)
        names = Text.c_array(pairs.map(&:first))
        values = Text.c_array(pairs.map(&:last))
        adopt(Call.creating do |out, err|
          Native.b44_client_new_from_request_headers(names, values, pairs.size, out, err)
        end)
      end

      private

      # Wraps a native client made by a factory other than new.
      def adopt(pointer)
        allocate.tap { |client| client.send(:attach, pointer) }
      end
    end

    # The SSO access token Base44 holds for user_id (needs a service token).
    # user_id must be non-empty, at most 1024 UTF-8 bytes, without control
    # characters (InvalidArgumentError otherwise).
    def access_token(user_id)
      fetch_token(:b44_sso_get_access_token, user_id)
    end

    # The OIDC ID token Base44 holds for user_id; rules as access_token.
    def id_token(user_id)
      fetch_token(:b44_sso_get_id_token, user_id)
    end

    # The access tokens of many users at once, as an Array in the order of user_ids
    # (any Enumerable). The library fetches them concurrently over at most
    # max_connections connections, fetches a repeated id once, and answers from the token
    # cache where it can.
    #
    # By default the first failed entry (in user_ids order) is raised, as access_token
    # would raise it. With exception: false nothing is raised for a user: that user's
    # entry is the B44SSO::Error instead of a token. A NUL byte in an id refuses the whole
    # batch (InvalidArgumentError) before anything is sent.
    def access_tokens(user_ids, exception: true)
      raise TypeError, "user_ids must be an Enumerable of user ids" unless user_ids.is_a?(Enumerable)

      c_user_ids = user_ids.each_with_index.map { |id, i| Text.to_c(id, "user_ids[#{i}]") }
      results = @handle.borrow { |client| c_user_ids.empty? ? [] : Batch.access_tokens(client, c_user_ids) }
      failure = exception && results.find { |result| result.is_a?(Error) }
      raise failure if failure

      results
    end

    # Starts fetching user_id's access token and returns nil at once; the block gets
    # (token, nil) or (nil, error) exactly once, later, on another thread (see README,
    # Threads). The fetch goes on even if the client is closed meanwhile. A bad user_id
    # or a closed client raises here, and the block is never called.
    def access_token_async(user_id, &block)
      raise ArgumentError, "access_token_async needs a block: { |token, error| ... }" unless block

      c_user_id = Text.to_c(user_id, "user_id")
      @handle.borrow { |client| Async.start(client, c_user_id, block) }
      nil
    end
    # The C name.
    alias get_access_token_async access_token_async

    # Drops user_id's cached tokens from the process-wide token cache, for every client of
    # the process (e.g. after revoking the user's access). Returns nil.
    def invalidate(user_id)
      c_user_id = Text.to_c(user_id, "user_id")
      @handle.borrow do |client|
        code = Native.b44_client_invalidate(client, c_user_id)
        raise Call.describe(code, FFI::Pointer::NULL) unless code == Native::CODES[:B44_OK]
      end
      nil
    end

    # This client's counters since it was created, as a frozen B44SSO::Stats.
    def stats
      @handle.borrow do |client|
        native = Native::Stats.new
        code = Native.b44_client_stats(client, native, Native::Stats.size)
        raise Call.describe(code, FFI::Pointer::NULL) unless code == Native::CODES[:B44_OK]

        Stats.from_native(native)
      end
    end

    # The user who owns the client's user token, as a Hash with String keys
    # ("id", "email", "role", ...). Needs a user token (ConfigError otherwise).
    def me
      user = JSON.parse(me_json)
      raise ProtocolError.new("the user is not a JSON object", status: 200) unless user.is_a?(Hash)

      user
    end

    # The same user as JSON object text.
    def me_json
      @handle.borrow do |client|
        Call.string { |out, err| Native.b44_auth_me(client, out, err) }
      end
    end

    # Frees the native client after the calls running on other threads end (within
    # their deadline) and zeroes its secrets. Closing twice is harmless.
    def close
      @handle.close
      nil
    end

    def closed?
      @handle.closed?
    end

    # Never shows a token: they live in the native client only.
    def inspect
      "#<#{self.class.name}#{closed? ? ' closed' : ''}>"
    end
    alias to_s inspect

    private

    def attach(pointer)
      @handle = Handle.new(pointer)
      ObjectSpace.define_finalizer(self, Handle.finalizer(@handle))
    end

    def fetch_token(function, user_id)
      c_user_id = Text.to_c(user_id, "user_id")
      @handle.borrow do |client|
        Call.string { |out, err| Native.public_send(function, client, c_user_id, out, err) }
      end
    end
  end
end
