# frozen_string_literal: true

require "rbconfig"
require "test_helper"

# Finding the native library and checking its version.
class TestLoading < Minitest::Test
  LIB = File.expand_path("../lib", __dir__)

  # Runs `code` in a fresh ruby with `env`; returns [output, success?].
  def run_ruby(env, code)
    output = IO.popen(env, [RbConfig.ruby, "-I#{LIB}", "-e", code], err: %i[child out], &:read)
    [output, $?.success?]
  end

  def library_dir
    File.dirname(StandIn.env("B44SSO_LIBRARY"))
  end

  def test_the_library_version_is_supported
    assert_equal B44SSO::SUPPORTED_LIBRARY_VERSION.split(".").first, B44SSO.library_version.split(".").first
    assert_match(/\A\d+\.\d+\.\d+\z/, B44SSO.library_version)
  end

  def test_another_major_version_or_garbage_is_refused
    %w[1.0.0 2.1.0 0.1 garbage 0.1.0-beta].each do |found|
      error = assert_raises(B44SSO::LoadError) { B44SSO::Native.check_version!(found) }
      assert_includes error.message, B44SSO::SUPPORTED_LIBRARY_VERSION
      assert_kind_of ::LoadError, error
    end
    assert_nil B44SSO::Native.check_version!("0.9.12")
  end

  def test_a_missing_library_is_a_clear_load_error
    output, ok = run_ruby({ "B44SSO_LIBRARY" => "/nonexistent/libb44sso.so" },
                          'begin; require "b44sso"; rescue B44SSO::LoadError => e; puts e.message; exit 3; end')
    refute ok
    assert_match(%r{cannot load the native library /nonexistent/libb44sso.so}, output)
  end

  def test_without_b44sso_library_the_system_loader_finds_the_soname
    env = { "B44SSO_LIBRARY" => nil, "LD_LIBRARY_PATH" => library_dir }
    output, ok = run_ruby(env, 'require "b44sso"; puts B44SSO::Native::LIBRARY, B44SSO.library_version')
    assert ok, output
    assert_equal "libb44sso.so.0\n#{B44SSO.library_version}\n", output
  end

  def test_code_names_come_from_the_library
    assert_equal "B44_ERR_TIMEOUT", B44SSO.code_name(10)
    assert_equal "B44_ERR_UNKNOWN", B44SSO.code_name(999)
  end
end
