package b44sso

/*
#include "b44sso.h"
*/
import "C"

import (
	"fmt"
	"strconv"
	"strings"
)

// SupportedMajor is the major version of libb44sso this package is written for.
const SupportedMajor = 0

// HeaderVersion is the version of the b44sso.h this package was compiled against.
const HeaderVersion = C.B44SSO_VERSION_STRING

// Version returns the version of the libb44sso actually loaded, "MAJOR.MINOR.PATCH".
func Version() string { return C.GoString(C.b44_version()) }

// versionErr is decided once, at load; every constructor returns it when it is not nil.
var versionErr = checkVersion(Version())

func checkVersion(version string) error {
	if compatibleVersion(version, SupportedMajor) {
		return nil
	}
	return fmt.Errorf("%w: libb44sso %s is loaded, this package supports %d.x",
		ErrIncompatibleLibrary, version, SupportedMajor)
}

// compatibleVersion reports whether a "MAJOR.MINOR.PATCH" text has the given major version.
func compatibleVersion(version string, major int) bool {
	first, _, found := strings.Cut(version, ".")
	if !found || first == "" || strings.TrimLeft(first, "0123456789") != "" {
		return false
	}
	n, err := strconv.Atoi(first)
	return err == nil && n == major
}
