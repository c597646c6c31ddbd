package b44sso

// Moving text and failures across the C boundary.

/*
#include <stdlib.h>
#include <string.h>
#include "b44sso.h"
*/
import "C"

import (
	"strings"
	"unsafe"
)

// cString copies s to C memory (free it with freeCString). A C string ends at its first
// NUL, so s with a NUL inside would be cut short silently: refuse it. `what` names the
// input in the error, never its (maybe secret) value.
func cString(what, s string) (*C.char, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return nil, invalidArgument(what + " contains a NUL character")
	}
	return C.CString(s), nil
}

// freeCString zeroes then frees a cString copy: it may have held a token.
func freeCString(p *C.char) {
	if p == nil {
		return
	}
	n := C.strlen(p)
	C.memset(unsafe.Pointer(p), 0, n)
	C.free(unsafe.Pointer(p))
}

// takeString copies a library-owned string and gives it back (b44_string_free zeroes it).
func takeString(p *C.char) string {
	defer C.b44_string_free(p)
	return C.GoString(p)
}

// takeError turns a failure into an *Error and frees the C error object.
func takeError(rc C.b44_code, e *C.b44_error) *Error {
	if e != nil {
		defer C.b44_error_free(e)
	}
	return copyError(rc, e)
}

// copyError turns a failure into an *Error, leaving the C error object to the library (as
// in a callback, where it is only lent).
func copyError(rc C.b44_code, e *C.b44_error) *Error {
	if e == nil { // the library could not even allocate the error object
		return &Error{Code: Code(rc), Message: Code(rc).String()}
	}
	err := &Error{
		Code:       Code(C.b44_error_code(e)),
		HTTPStatus: int(C.b44_error_http_status(e)),
		Message:    C.GoString(C.b44_error_message(e)),
	}
	if apiCode := C.b44_error_api_code(e); apiCode != nil {
		err.APICode = C.GoString(apiCode)
	}
	if body := C.b44_error_body(e); body != nil {
		err.Body = C.GoString(body)
	}
	return err
}
