// b44sso.hpp - header-only C++17 wrapper over the b44sso C library (b44sso.h).
//
//   #include <b44sso.hpp>      // link with -lb44sso
//
// Two styles, same behaviour:
//   - throwing:     b44sso::Client(options).access_token("user")  -> std::string, throws b44sso::Error
//   - non-throwing: client.try_access_token("user")              -> b44sso::Result<std::string>
// Built with -fno-exceptions, only the non-throwing style is declared.
#ifndef B44SSO_HPP
#define B44SSO_HPP

#include "b44sso/code.hpp"
#include "b44sso/error.hpp"
#include "b44sso/result.hpp"
#include "b44sso/version.hpp"
#include "b44sso/options.hpp"
#include "b44sso/stats.hpp"
#include "b44sso/async.hpp"
#include "b44sso/client.hpp"
#include "b44sso/log.hpp"

#endif  // B44SSO_HPP
