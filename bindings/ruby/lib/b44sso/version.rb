# frozen_string_literal: true

module B44SSO
  # The version of this gem.
  VERSION = "0.1.0"

  # The libb44sso version this gem was written against (the header's
  # B44SSO_VERSION_STRING). Any library with the same major version is accepted.
  SUPPORTED_LIBRARY_VERSION = "0.1.0"
end
