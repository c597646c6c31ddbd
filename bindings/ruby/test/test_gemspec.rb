# frozen_string_literal: true

require "rubygems"
require "test_helper"

# The gemspec packages every library file and declares the ffi dependency.
class TestGemspec < Minitest::Test
  ROOT = File.expand_path("..", __dir__)

  def test_the_gemspec_loads_and_packages_the_library
    spec = Dir.chdir(ROOT) { Gem::Specification.load("b44sso.gemspec") }
    refute_nil spec
    assert_equal ["b44sso", B44SSO::VERSION], [spec.name, spec.version.to_s]
    lib_files = Dir.chdir(ROOT) { Dir["lib/**/*.rb"] }
    assert_includes lib_files, "lib/b44sso.rb"
    assert_empty lib_files - spec.files
    assert_equal ["ffi"], spec.runtime_dependencies.map(&:name)
  end
end
