package b44sso

// The only link flag: where the library lives comes from CGO_LDFLAGS or the system paths.

/*
#cgo LDFLAGS: -lb44sso
#include "b44sso.h"
*/
import "C"
