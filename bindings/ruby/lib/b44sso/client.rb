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
    # cache ("auto" or "off"). Values may be String, Integer, Symbol or Pathname;
    # nil leaves the default.
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
        names = RequestHeaders.c_array(pairs.map(&:first))
        values = RequestHeaders.c_array(pairs.map(&:last))
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
