// Compile-time switches shared by the b44sso C++ headers.
#ifndef B44SSO_CONFIG_HPP
#define B44SSO_CONFIG_HPP

#include <b44sso.h>

// The throwing API exists only when the translation unit may throw.
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#define B44SSO_EXCEPTIONS 1
#else
#define B44SSO_EXCEPTIONS 0
#endif

#endif  // B44SSO_CONFIG_HPP
