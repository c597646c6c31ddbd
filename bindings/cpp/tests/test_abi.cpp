// The wrapper's view of the C ABI, held against include/b44sso.h twice: at compile time
// (static_assert on each function's exact type in the header we compile with) and at run
// time (the source header is parsed: same functions, parameter types and codes).
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <type_traits>

#include <b44sso.hpp>

#include "check.hpp"

namespace {

struct ExpectedFunction {
  const char* name;
  const char* type;  // the function pointer type as written below
};

// Each entry both static_asserts the type and records it as text for the run-time check.
#define C_FUNCTION(name, ...)                                                  \
  static_assert(std::is_same_v<decltype(&name), __VA_ARGS__>,                   \
                #name " in b44sso.h is not the type the C++ wrapper expects"); \
  constexpr ExpectedFunction expected_##name{#name, #__VA_ARGS__};

C_FUNCTION(b44_version, const char* (*)(void))
C_FUNCTION(b44_code_name, const char* (*)(b44_code))
C_FUNCTION(b44_set_log_handler, void (*)(b44_log_handler, void*, b44_log_level))
C_FUNCTION(b44_set_log_threads, b44_code (*)(b44_log_threads))
C_FUNCTION(b44_options_new, b44_options* (*)(void))
C_FUNCTION(b44_options_set, b44_code (*)(b44_options*, const char*, const char*, b44_error**))
C_FUNCTION(b44_options_free, void (*)(b44_options*))
C_FUNCTION(b44_client_new, b44_code (*)(const b44_options*, b44_client**, b44_error**))
C_FUNCTION(b44_client_new_from_env, b44_code (*)(b44_client**, b44_error**))
C_FUNCTION(b44_client_new_from_request_headers,
           b44_code (*)(const char* const*, const char* const*, size_t, b44_client**, b44_error**))
C_FUNCTION(b44_client_free, void (*)(b44_client*))
C_FUNCTION(b44_sso_get_access_token, b44_code (*)(b44_client*, const char*, char**, b44_error**))
C_FUNCTION(b44_sso_get_id_token, b44_code (*)(b44_client*, const char*, char**, b44_error**))
C_FUNCTION(b44_auth_me, b44_code (*)(b44_client*, char**, b44_error**))
C_FUNCTION(b44_sso_get_access_tokens,
           b44_code (*)(b44_client*, const char* const*, size_t, char**, b44_error**))
C_FUNCTION(b44_sso_get_access_token_async, b44_code (*)(b44_client*, const char*, b44_token_callback, void*))
C_FUNCTION(b44_client_invalidate, b44_code (*)(b44_client*, const char*))
C_FUNCTION(b44_client_stats, b44_code (*)(const b44_client*, b44_stats*, size_t))
C_FUNCTION(b44_string_free, void (*)(char*))
C_FUNCTION(b44_error_code, b44_code (*)(const b44_error*))
C_FUNCTION(b44_error_http_status, int (*)(const b44_error*))
C_FUNCTION(b44_error_message, const char* (*)(const b44_error*))
C_FUNCTION(b44_error_api_code, const char* (*)(const b44_error*))
C_FUNCTION(b44_error_body, const char* (*)(const b44_error*))
C_FUNCTION(b44_error_free, void (*)(b44_error*))

// The callback type the async trampoline must have, and the counters Stats copies.
static_assert(std::is_same_v<b44_token_callback, void (*)(b44_code, const char*, const b44_error*, void*)>,
              "b44_token_callback in b44sso.h is not the type the C++ wrapper expects");
static_assert(std::is_same_v<decltype(&b44sso::detail::b44sso_cpp_token_trampoline), b44_token_callback>);
static_assert(std::is_same_v<decltype(b44_stats::requests), uint64_t> &&
              std::is_same_v<decltype(b44_stats::errors), uint64_t> && sizeof(b44_stats) == 6 * sizeof(uint64_t),
              "b44_stats in b44sso.h is not the struct the C++ wrapper expects");

const ExpectedFunction expected_functions[] = {
    expected_b44_version, expected_b44_code_name, expected_b44_set_log_handler, expected_b44_set_log_threads,
    expected_b44_options_new,
    expected_b44_options_set, expected_b44_options_free, expected_b44_client_new,
    expected_b44_client_new_from_env, expected_b44_client_new_from_request_headers,
    expected_b44_client_free, expected_b44_sso_get_access_token, expected_b44_sso_get_id_token,
    expected_b44_auth_me, expected_b44_sso_get_access_tokens, expected_b44_sso_get_access_token_async,
    expected_b44_client_invalidate, expected_b44_client_stats, expected_b44_string_free, expected_b44_error_code,
    expected_b44_error_http_status, expected_b44_error_message, expected_b44_error_api_code,
    expected_b44_error_body, expected_b44_error_free,
};

struct Signature {
  std::string returns;
  std::vector<std::string> parameters;
};

std::string source_header() {
  const char* path = std::getenv("B44SSO_HEADER");
  if (path == nullptr) throw std::runtime_error("B44SSO_HEADER (path of include/b44sso.h) is not set");
  std::ifstream file(path);
  if (!file) throw std::runtime_error(std::string("cannot read ") + path);
  std::stringstream text;
  text << file.rdbuf();
  // Comments hold prose with parentheses and semicolons: drop them first.
  std::string code = std::regex_replace(text.str(), std::regex(R"(/\*[^*]*\*+([^/*][^*]*\*+)*/)"), " ");
  return std::regex_replace(code, std::regex(R"(//[^\n]*)"), " ");
}

// "const char *const *" -> "const char*const*": one spelling per type.
std::string canonical(std::string type) {
  type = std::regex_replace(type, std::regex(R"(\s+)"), " ");
  type = std::regex_replace(type, std::regex(R"(\s*\*\s*)"), "*");
  type = std::regex_replace(type, std::regex(R"(^\s+|\s+$)"), "");
  return type;
}

std::vector<std::string> split_parameters(const std::string& list, bool named) {
  std::vector<std::string> types;
  if (canonical(list).empty() || canonical(list) == "void") return types;
  std::stringstream stream(list);
  for (std::string parameter; std::getline(stream, parameter, ',');) {
    // In the header each parameter ends with its name; drop it.
    if (named) parameter = std::regex_replace(parameter, std::regex(R"(\w+\s*$)"), "");
    types.push_back(canonical(parameter));
  }
  return types;
}

std::map<std::string, Signature> header_functions() {
  const std::string code = source_header();
  const std::regex declaration(R"(B44_EXPORT\s+([^;(]*?)\b(b44_\w+)\s*\(([^)]*)\)\s*;)");
  std::map<std::string, Signature> functions;
  for (std::sregex_iterator it(code.begin(), code.end(), declaration), end; it != end; ++it) {
    functions[(*it)[2]] = Signature{canonical((*it)[1]), split_parameters((*it)[3], true)};
  }
  return functions;
}

// "b44_code (*)(b44_client*, const char*)" -> returns b44_code, parameters [...]
Signature expected_signature(const ExpectedFunction& function) {
  const std::string type = function.type;
  const size_t pointer = type.find("(*)");
  const size_t open = type.find('(', pointer + 3);
  return Signature{canonical(type.substr(0, pointer)),
                   split_parameters(type.substr(open + 1, type.rfind(')') - open - 1), false)};
}

// {enumerator: value} of `typedef enum NAME { ... } NAME;` in the header.
std::map<std::string, long> header_enum(const std::string& name) {
  const std::string code = source_header();
  std::smatch body;
  const std::regex pattern("typedef\\s+enum\\s+" + name + "\\s*\\{([^}]*)\\}\\s*" + name + "\\s*;");
  if (!std::regex_search(code, body, pattern)) throw std::runtime_error("enum " + name + " not found in the header");
  const std::string entries = body[1];
  const std::regex entry(R"((B44_\w+)\s*=\s*(\d+))");
  std::map<std::string, long> codes;
  for (std::sregex_iterator it(entries.begin(), entries.end(), entry), end; it != end; ++it) {
    codes[(*it)[1]] = std::stol((*it)[2]);
  }
  return codes;
}

// Field names, in order, of `typedef struct NAME { TYPE field; ... } NAME;` in the header.
std::vector<std::string> header_struct_fields(const std::string& name, const std::string& type) {
  const std::string code = source_header();
  std::smatch body;
  const std::regex pattern("typedef\\s+struct\\s+" + name + "\\s*\\{([^}]*)\\}\\s*" + name + "\\s*;");
  if (!std::regex_search(code, body, pattern)) throw std::runtime_error("struct " + name + " not found in the header");
  const std::string members = body[1];
  std::vector<std::string> fields;
  std::stringstream stream(members);
  for (std::string member; std::getline(stream, member, ';');) {
    if (canonical(member).empty()) continue;
    std::smatch declaration;  // "TYPE a, b, c"
    if (!std::regex_match(member, declaration, std::regex(R"(\s*(\w+)\s+([\w\s,]+))"))) {
      throw std::runtime_error("cannot read member '" + member + "' of " + name);
    }
    if (declaration[1] != type) throw std::runtime_error(name + " has a member of type " + std::string(declaration[1]));
    std::stringstream names(declaration[2].str());
    for (std::string field; std::getline(names, field, ',');) fields.push_back(canonical(field));
  }
  return fields;
}

std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

}  // namespace

TEST(header_parser_reads_a_known_declaration) {
  const auto functions = header_functions();
  CHECK(functions.size() >= 19);
  const auto found = functions.find("b44_client_new_from_request_headers");
  CHECK(found != functions.end());
  if (found == functions.end()) return;
  CHECK_EQ(found->second.returns, std::string("b44_code"));
  CHECK_EQ(join(found->second.parameters),
           std::string("const char*const*, const char*const*, size_t, b44_client**, b44_error**"));
}

TEST(every_function_the_wrapper_uses_matches_the_header) {
  const auto functions = header_functions();
  for (const ExpectedFunction& function : expected_functions) {
    const auto found = functions.find(function.name);
    if (found == functions.end()) {
      check::fail(__FILE__, __LINE__, std::string(function.name) + " is not in the header");
      continue;
    }
    const Signature expected = expected_signature(function);
    CHECK_EQ(found->second.returns, expected.returns);
    CHECK_EQ(found->second.parameters.size(), expected.parameters.size());
    CHECK_EQ(join(found->second.parameters), join(expected.parameters));
  }
}

TEST(the_wrapper_covers_every_header_function) {
  for (const auto& [name, signature] : header_functions()) {
    bool known = false;
    for (const ExpectedFunction& function : expected_functions) known = known || name == function.name;
    if (!known) check::fail(__FILE__, __LINE__, name + " is in the header but not in the C++ wrapper");
  }
}

TEST(code_list_equals_the_header_enum) {
  std::map<std::string, long> wrapper;
  for (const b44sso::CodeInfo& info : b44sso::all_codes) {
    wrapper[std::string(info.name)] = static_cast<long>(info.code);
  }
  const auto header = header_enum("b44_code");
  CHECK(header.size() >= 15);
  CHECK(wrapper == header);
  for (const auto& [name, value] : header) {
    if (wrapper.count(name) == 0 || wrapper[name] != value) {
      check::fail(__FILE__, __LINE__, name + " = " + std::to_string(value) + " differs in the wrapper");
    }
  }
}

TEST(log_level_list_equals_the_header_enum) {
  std::map<std::string, long> wrapper;
  for (const b44sso::LogLevelInfo& info : b44sso::all_log_levels) {
    wrapper[std::string(info.name)] = static_cast<long>(info.level);
  }
  const auto header = header_enum("b44_log_level");
  CHECK_EQ(header.size(), 4u);
  CHECK(wrapper == header);
}

TEST(library_names_each_code_as_the_wrapper_does) {
  for (const b44sso::CodeInfo& info : b44sso::all_codes) {
    CHECK_EQ(std::string(b44_code_name(static_cast<b44_code>(info.code))), std::string(info.name));
    CHECK_EQ(b44sso::code_name(info.code), info.name);
  }
  CHECK_EQ(b44sso::code_name(static_cast<b44sso::Code>(999)), std::string_view("B44_ERR_UNKNOWN"));
}

TEST(stats_fields_equal_the_header_struct) {
  std::vector<std::string> wrapper;
  for (std::string_view field : b44sso::stats_fields) wrapper.emplace_back(field);
  CHECK_EQ(join(header_struct_fields("b44_stats", "uint64_t")), join(wrapper));
}

TEST(token_callback_typedef_matches_the_trampoline) {
  const std::string code = std::regex_replace(source_header(), std::regex(R"(\s+)"), " ");
  std::smatch found;
  CHECK(std::regex_search(code, found, std::regex(R"(typedef void \(\*b44_token_callback\)\(([^)]*)\);)")));
  if (found.empty()) return;
  CHECK_EQ(join(split_parameters(found[1], true)), std::string("b44_code, const char*, const b44_error*, void*"));
}
