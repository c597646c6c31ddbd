# frozen_string_literal: true

module B44SSO
  # The native library could not be loaded, or its major version is not the one
  # this gem supports. Raised by `require "b44sso"`.
  class LoadError < ::LoadError; end

  # A call on a closed Client. An IOError, like I/O on a closed stream: it is a
  # bug in the caller, deliberately not a B44SSO::Error (nothing to retry).
  class ClosedError < IOError; end

  # A failed b44sso call. The subclass tells the kind of failure:
  #
  #   begin
  #     client.access_token(user_id)
  #   rescue B44SSO::NotFoundError
  #     ...
  #   rescue B44SSO::Error => e
  #     warn "#{e.code_name} (HTTP #{e.status.inspect}): #{e.message}"
  #   end
  #
  # Attributes:
  # kind::     a Symbol, e.g. :not_found (:unknown for a code newer than this gem)
  # code_name:: the C name, e.g. "B44_ERR_NOT_FOUND"
  # code::     the C status code (Integer)
  # status::   the HTTP status of the answer, or nil when there was none
  # api_code:: Base44's own error code (error.code, code or X-Base44-Connector-Error), or nil
  # message::  one line, never holds a secret
  # body::     the error answer's body (<= 4096 bytes, secrets redacted), or nil
  class Error < StandardError
    KIND = :unknown
    CODE_NAME = "B44_ERR_UNKNOWN"

    attr_reader :code, :status, :api_code, :body

    def initialize(message = nil, code: nil, status: nil, api_code: nil, body: nil)
      super(message || self.class::CODE_NAME)
      @code = code || Native::CODES[self.class::CODE_NAME.to_sym]
      @status = status
      @api_code = api_code
      @body = body
    end

    def kind
      self.class::KIND
    end

    def code_name
      self.class::CODE_NAME
    end

    # Shows kind, status and api code; the body stays out of logs that inspect errors.
    def inspect
      "#<#{self.class.name}: #{message} (kind=#{kind.inspect} status=#{status.inspect} " \
        "api_code=#{api_code.inspect})>"
    end

    @by_code_name = {}

    class << self
      # The error class for a C code name; Error itself for a name this gem does not know.
      def for_code_name(name)
        Error.instance_variable_get(:@by_code_name).fetch(name.to_s, Error)
      end

      private

      # Declares the subclass for one C code.
      def b44_code(kind, code_name)
        const_set(:KIND, kind)
        const_set(:CODE_NAME, code_name)
        Error.instance_variable_get(:@by_code_name)[code_name] = self
      end
    end
  end

  # Bad input refused before anything was sent (B44_ERR_INVALID_ARGUMENT).
  class InvalidArgumentError < Error; b44_code :invalid_argument, "B44_ERR_INVALID_ARGUMENT"; end
  # Missing or unusable configuration (B44_ERR_CONFIG).
  class ConfigError < Error; b44_code :config, "B44_ERR_CONFIG"; end
  # HTTP 401 (B44_ERR_UNAUTHORIZED).
  class UnauthorizedError < Error; b44_code :unauthorized, "B44_ERR_UNAUTHORIZED"; end
  # HTTP 403 (B44_ERR_FORBIDDEN).
  class ForbiddenError < Error; b44_code :forbidden, "B44_ERR_FORBIDDEN"; end
  # HTTP 404 (B44_ERR_NOT_FOUND).
  class NotFoundError < Error; b44_code :not_found, "B44_ERR_NOT_FOUND"; end
  # HTTP 429 after retries (B44_ERR_RATE_LIMITED).
  class RateLimitedError < Error; b44_code :rate_limited, "B44_ERR_RATE_LIMITED"; end
  # HTTP 5xx (B44_ERR_SERVER).
  class ServerError < Error; b44_code :server, "B44_ERR_SERVER"; end
  # Any other non-2xx answer, redirects included (B44_ERR_HTTP).
  class HTTPError < Error; b44_code :http, "B44_ERR_HTTP"; end
  # No answer: refused, reset, closed, DNS (B44_ERR_NETWORK).
  class NetworkError < Error; b44_code :network, "B44_ERR_NETWORK"; end
  # The total deadline (timeout_ms, retries included) passed (B44_ERR_TIMEOUT).
  class TimeoutError < Error; b44_code :timeout, "B44_ERR_TIMEOUT"; end
  # Certificate or TLS handshake failure (B44_ERR_TLS).
  class TLSError < Error; b44_code :tls, "B44_ERR_TLS"; end
  # A 2xx answer that is not what the API promises (B44_ERR_PROTOCOL).
  class ProtocolError < Error; b44_code :protocol, "B44_ERR_PROTOCOL"; end
  # The native library ran out of memory (B44_ERR_NOMEM).
  class OutOfMemoryError < Error; b44_code :out_of_memory, "B44_ERR_NOMEM"; end
  # A bug in b44sso (B44_ERR_INTERNAL); please report it.
  class InternalError < Error; b44_code :internal, "B44_ERR_INTERNAL"; end
end
