# frozen_string_literal: true

# A Ruby binding of libb44sso, the native client for the Base44 SSO API.
#
#   require "b44sso"
#   client = B44SSO::Client.new(app_id: "my-app", service_token: ENV["BASE44_SERVICE_TOKEN"])
#   token = client.access_token("user-123")
#
# The native library is B44SSO_LIBRARY when set, else libb44sso.so.0 from the
# system loader's path; requiring this file fails with B44SSO::LoadError when it
# is missing or its major version is not supported.
require_relative "b44sso/version"
require_relative "b44sso/errors"
require_relative "b44sso/native"
require_relative "b44sso/text"
require_relative "b44sso/call"
require_relative "b44sso/handle"
require_relative "b44sso/native_options"
require_relative "b44sso/request_headers"
require_relative "b44sso/stats"
require_relative "b44sso/batch"
require_relative "b44sso/async"
require_relative "b44sso/client"
require_relative "b44sso/logging"

module B44SSO
  class << self
    # The version of the loaded libb44sso, e.g. "0.1.0".
    def library_version
      Native.b44_version
    end

    # The C name of a status code, e.g. "B44_ERR_TIMEOUT" ("B44_ERR_UNKNOWN" for
    # a code the library does not know).
    def code_name(code)
      Native.b44_code_name(code)
    end
  end
end
