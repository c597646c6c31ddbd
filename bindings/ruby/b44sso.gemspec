# frozen_string_literal: true

require_relative "lib/b44sso/version"

Gem::Specification.new do |spec|
  spec.name = "b44sso"
  spec.version = B44SSO::VERSION
  spec.summary = "Ruby binding of libb44sso, a native client for the Base44 SSO API"
  spec.description = "Fetches Base44 SSO access tokens, ID tokens and the current user " \
                     "through the native libb44sso library (loaded with the ffi gem)."
  spec.authors = ["b44sso authors"]
  spec.license = "MIT"
  spec.required_ruby_version = ">= 2.7"
  spec.files = Dir["lib/**/*.rb", "README.md", "examples/*.rb"]
  spec.require_paths = ["lib"]
  spec.requirements << "libb44sso.so.0 (set B44SSO_LIBRARY to its path if it is not installed)"
  spec.add_dependency "ffi", ">= 1.15"
  spec.add_development_dependency "minitest", ">= 5.15"
end
