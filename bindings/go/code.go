package b44sso

/*
#include "b44sso.h"
*/
import "C"

// Code is a b44sso status code (the C enum b44_code).
type Code int

// The codes, with the values of b44sso.h.
const (
	CodeOK              Code = C.B44_OK
	CodeInvalidArgument Code = C.B44_ERR_INVALID_ARGUMENT // bad input refused before anything was sent
	CodeConfig          Code = C.B44_ERR_CONFIG           // missing or unusable configuration
	CodeUnauthorized    Code = C.B44_ERR_UNAUTHORIZED     // HTTP 401
	CodeForbidden       Code = C.B44_ERR_FORBIDDEN        // HTTP 403
	CodeNotFound        Code = C.B44_ERR_NOT_FOUND        // HTTP 404
	CodeRateLimited     Code = C.B44_ERR_RATE_LIMITED     // HTTP 429
	CodeServer          Code = C.B44_ERR_SERVER           // HTTP 5xx
	CodeHTTP            Code = C.B44_ERR_HTTP             // any other non-2xx answer, redirects included
	CodeNetwork         Code = C.B44_ERR_NETWORK          // connect, DNS, reset, closed connection
	CodeTimeout         Code = C.B44_ERR_TIMEOUT          // the total deadline (timeout) passed
	CodeTLS             Code = C.B44_ERR_TLS              // certificate or TLS handshake failure
	CodeProtocol        Code = C.B44_ERR_PROTOCOL         // 2xx answer that is not what the API promises
	CodeNoMemory        Code = C.B44_ERR_NOMEM            // out of memory
	CodeInternal        Code = C.B44_ERR_INTERNAL         // a bug in b44sso
)

// codeNames lists every code this package knows with its C name, in header order; the
// tests hold it against b44sso.h.
var codeNames = []struct {
	code Code
	name string
}{
	{CodeOK, "B44_OK"},
	{CodeInvalidArgument, "B44_ERR_INVALID_ARGUMENT"},
	{CodeConfig, "B44_ERR_CONFIG"},
	{CodeUnauthorized, "B44_ERR_UNAUTHORIZED"},
	{CodeForbidden, "B44_ERR_FORBIDDEN"},
	{CodeNotFound, "B44_ERR_NOT_FOUND"},
	{CodeRateLimited, "B44_ERR_RATE_LIMITED"},
	{CodeServer, "B44_ERR_SERVER"},
	{CodeHTTP, "B44_ERR_HTTP"},
	{CodeNetwork, "B44_ERR_NETWORK"},
	{CodeTimeout, "B44_ERR_TIMEOUT"},
	{CodeTLS, "B44_ERR_TLS"},
	{CodeProtocol, "B44_ERR_PROTOCOL"},
	{CodeNoMemory, "B44_ERR_NOMEM"},
	{CodeInternal, "B44_ERR_INTERNAL"},
}

// Codes returns every code this package knows, in the header's order.
func Codes() []Code {
	codes := make([]Code, len(codeNames))
	for i, entry := range codeNames {
		codes[i] = entry.code
	}
	return codes
}

// String returns the C name, e.g. "B44_ERR_TIMEOUT". A code this package does not know
// (from a newer library) gets the library's name for it, "B44_ERR_UNKNOWN" at worst.
func (c Code) String() string {
	for _, entry := range codeNames {
		if entry.code == c {
			return entry.name
		}
	}
	return libraryCodeName(c)
}

func libraryCodeName(c Code) string {
	return C.GoString(C.b44_code_name(C.b44_code(c)))
}
