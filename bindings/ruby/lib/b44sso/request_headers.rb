# frozen_string_literal: true

module B44SSO
  # Turns the headers given to Client.from_request_headers into C-ready [name, value] pairs.
  module RequestHeaders
    RACK_NAME = /\AHTTP_([A-Z0-9_]+)\z/.freeze

    module_function

    # [[name, value], ...] as C-ready strings. A Rack env name (HTTP_X_DATA_ENV)
    # becomes the header name (X-Data-Env); entries whose value is not a String
    # (the rest of a Rack env: rack.input, ...) are not headers and are skipped.
    def pairs(headers)
      headers.each_with_object([]) do |(name, value), pairs|
        next unless value.is_a?(String)

        name = name.to_s
        rack = RACK_NAME.match(name)
        name = rack[1].tr("_", "-") if rack
        pairs << [Text.to_c(name, "a header name"), Text.to_c(value, "header #{name}")]
      end
    end
  end
end
