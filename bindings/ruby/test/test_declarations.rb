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

  # Every callback typedef: name => [parameter types, return type].
  def header_callbacks
    header_text.scan(/typedef\s+(\w+)\s*\(\*(\w+)\)\s*\(([^)]*)\)\s*;/m).to_h do |result, name, params|
      [name.to_sym, [params.split(",").map { |p| without_name(p) }, result]]
    end
  end

  # The fields of a struct defined in the header: [[C type, name], ...].
  def header_struct(name)
    body = header_text[/typedef struct #{name} \{(.*?)\}\s*#{name}\s*;/m, 1] or flunk("struct #{name} not found")
    body.split(";").map(&:strip).reject(&:empty?).map { |field| field.match(/\A(.*?)\s*(\w+)\z/).captures }
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

  def test_every_callback_type_matches_the_header
    header = header_callbacks
    assert_equal header.keys.sort, B44SSO::Native::CALLBACKS.keys.sort, "callback typedefs"
    B44SSO::Native::CALLBACKS.each do |name, (params, result)|
      c_params, c_result = header.fetch(name)
      assert_equal c_params.size, params.size, "#{name}: parameter count"
      params.zip(c_params).each_with_index { |(ours, theirs), i| assert_compatible(theirs, ours, "#{name} param #{i}") }
      assert_compatible(c_result, result, "#{name} result")
    end
  end

  def test_the_stats_struct_matches_the_header
    c_fields = header_struct("b44_stats")
    assert_equal 6, c_fields.size
    layout = B44SSO::Native::Stats.new.layout
    assert_equal c_fields.map { |_, name| name.to_sym }, layout.members, "b44_stats fields, in order"
    c_fields.each do |c_type, name|
      assert_equal "uint64_t", c_type, "b44_stats.#{name}"
      assert_equal FFI::Type::UINT64, layout[name.to_sym].type, "b44_stats.#{name} in Native::Stats"
    end
    assert_equal 48, B44SSO::Native::Stats.size
    assert_equal layout.members, B44SSO::Stats.members, "B44SSO::Stats shows every counter"
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
