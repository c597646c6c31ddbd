# frozen_string_literal: true

require "test_helper"

# lib/b44sso/native.rb against include/b44sso.h: a header change must break this
# test, not the users. A deliberately small parser reads the header's prototypes
# ("B44_EXPORT <type> <name>(<params>);"), enums and callback typedefs.
class TestDeclarations < Minitest::Test
  HEADER = ENV.fetch("B44SSO_HEADER") { File.expand_path("../../../include/b44sso.h", __dir__) }

  # C type -> the FFI types that may stand for it.
  def ffi_types_for(c_type)
    c_type = c_type.gsub(/\s+/, " ").gsub(/\s*\*\s*/, "*").strip
    return %i[string pointer] if c_type == "const char*"
    return %i[pointer] if c_type.include?("*")

    { "size_t" => %i[size_t], "int" => %i[int], "void" => %i[void] }.fetch(c_type) { [c_type.to_sym] }
  end

  def header_text
    @header_text ||= File.read(HEADER).gsub(%r{/\*.*?\*/}m, " ").lines.reject { |l| l.start_with?("#") }.join
  end

  # "const char *const *names" -> "const char *const *"
  def without_name(param)
    param.strip.sub(/\w+\z/, "")
  end

  def header_functions
    header_text.scan(/B44_EXPORT\s+([^;]*?)\b(b44_\w+)\s*\(([^)]*)\)\s*;/m).to_h do |result, name, params|
      params = params.strip == "void" ? [] : params.split(",").map { |p| without_name(p) }
      [name.to_sym, [params, result]]
    end
  end

  def header_enum(name)
    body = header_text[/typedef enum #{name} \{(.*?)\}/m, 1] or flunk("enum #{name} not found")
    body.split(",").map(&:strip).reject(&:empty?).to_h do |entry|
      key, value = entry.split("=").map(&:strip)
      [key.to_sym, Integer(value)]
    end
  end

  def header_callback(name)
    match = header_text.match(/typedef\s+(\w+)\s*\(\*#{name}\)\s*\(([^)]*)\)\s*;/m) or flunk("typedef #{name}")
    [match[2].split(",").map { |p| without_name(p) }, match[1]]
  end

  def assert_compatible(c_type, ffi_type, where)
    assert_includes ffi_types_for(c_type), ffi_type, "#{where}: #{ffi_type.inspect} cannot stand for C #{c_type}"
  end

  def test_every_declared_function_matches_the_header
    header = header_functions
    refute_empty header
    B44SSO::Native::FUNCTIONS.each do |name, (params, result)|
      c_params, c_result = header.fetch(name) { flunk("#{name} is not in the header") }
      assert_equal c_params.size, params.size, "#{name}: parameter count"
      params.zip(c_params).each_with_index { |(ours, theirs), i| assert_compatible(theirs, ours, "#{name} param #{i}") }
      assert_compatible(c_result, result, "#{name} result")
    end
  end

  def test_every_header_function_is_declared
    missing = header_functions.keys - B44SSO::Native::FUNCTIONS.keys
    assert_empty missing, "not declared in lib/b44sso/native.rb"
  end

  def test_every_declared_function_is_attached
    B44SSO::Native::FUNCTIONS.each_key { |name| assert_respond_to B44SSO::Native, name }
  end

  def test_the_log_handler_type_matches_the_header
    params, result = B44SSO::Native::CALLBACKS.fetch(:b44_log_handler)
    c_params, c_result = header_callback("b44_log_handler")
    assert_equal c_params.size, params.size
    params.zip(c_params).each { |ours, theirs| assert_compatible(theirs, ours, "b44_log_handler") }
    assert_compatible(c_result, result, "b44_log_handler result")
  end

  def test_the_code_list_equals_the_header_enum
    assert_equal header_enum("b44_code"), B44SSO::Native::CODES
  end

  def test_the_log_levels_equal_the_header_enum
    assert_equal header_enum("b44_log_level"), B44SSO::Native::LOG_LEVELS
    levels = B44SSO::Logging::LEVELS.transform_keys { |k| :"B44_LOG_#{k.upcase}" }
    assert_equal B44SSO::Native::LOG_LEVELS, levels
  end

  def test_every_code_has_an_error_class_with_the_librarys_name
    B44SSO::Native::CODES.each do |name, code|
      assert_equal name.to_s, B44SSO.code_name(code)
      next if name == :B44_OK

      error_class = B44SSO::Error.for_code_name(name)
      refute_equal B44SSO::Error, error_class, "#{name} has no error class"
      error = error_class.new("x")
      assert_equal [name.to_s, code], [error.code_name, error.code]
    end
    assert_equal B44SSO::Error, B44SSO::Error.for_code_name("B44_ERR_UNKNOWN")
    assert_equal 14, B44SSO::Error.subclasses.size
  end

  def test_the_supported_version_is_the_headers_version
    assert_equal B44SSO::SUPPORTED_LIBRARY_VERSION, File.read(HEADER)[/#define B44SSO_VERSION_STRING "(.*)"/, 1]
  end
end
