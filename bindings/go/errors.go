package b44sso

import (
	"errors"
	"strconv"
	"strings"
)

// Error is a failed call: everything the library reported about it. Messages and bodies
// never hold the client's secrets (the library redacts them).
type Error struct {
	Code       Code   // what kind of failure; also matched by errors.Is with the Err* kinds
	HTTPStatus int    // status of the answer that failed, 0 when there was none
	APICode    string // Base44's own error code (error.code, code, X-Base44-Connector-Error), "" if none
	Message    string // one line from the library
	Body       string // the error answer's body (at most 4096 bytes, redacted), "" if none
}

// Error formats as "b44sso: B44_ERR_NOT_FOUND (HTTP 404, NOT_FOUND): <message>".
// The body is left out so logs do not collect it by accident.
func (e *Error) Error() string {
	var text strings.Builder
	text.WriteString("b44sso: ")
	text.WriteString(e.Code.String())
	if e.HTTPStatus != 0 || e.APICode != "" {
		var details []string
		if e.HTTPStatus != 0 {
			details = append(details, "HTTP "+strconv.Itoa(e.HTTPStatus))
		}
		if e.APICode != "" {
			details = append(details, e.APICode)
		}
		text.WriteString(" (" + strings.Join(details, ", ") + ")")
	}
	if e.Message != "" {
		text.WriteString(": " + e.Message)
	}
	return text.String()
}

// Is reports whether target is the kind sentinel of e's code, so that
// errors.Is(err, ErrNotFound) works through any wrapping.
func (e *Error) Is(target error) bool {
	kind, ok := target.(*kindError)
	return ok && kind.code == e.Code
}

// kindError is the type of the Err* kind sentinels.
type kindError struct{ code Code }

func (k *kindError) Error() string { return "b44sso: " + k.code.String() }

// Kinds of failure, for errors.Is. Each *Error matches the one of its Code.
var (
	ErrInvalidArgument error = &kindError{CodeInvalidArgument}
	ErrConfig          error = &kindError{CodeConfig}
	ErrUnauthorized    error = &kindError{CodeUnauthorized}
	ErrForbidden       error = &kindError{CodeForbidden}
	ErrNotFound        error = &kindError{CodeNotFound}
	ErrRateLimited     error = &kindError{CodeRateLimited}
	ErrServer          error = &kindError{CodeServer}
	ErrHTTP            error = &kindError{CodeHTTP}
	ErrNetwork         error = &kindError{CodeNetwork}
	ErrTimeout         error = &kindError{CodeTimeout}
	ErrTLS             error = &kindError{CodeTLS}
	ErrProtocol        error = &kindError{CodeProtocol}
	ErrNoMemory        error = &kindError{CodeNoMemory}
	ErrInternal        error = &kindError{CodeInternal}
)

// ErrClosed is returned by calls on a closed Client (like net.ErrClosed, it is a
// programming error rather than an API failure, so it is not an *Error).
var ErrClosed = errors.New("b44sso: client is closed")

// ErrIncompatibleLibrary is wrapped by the error every constructor returns when the loaded
// libb44sso has a major version this package does not support.
var ErrIncompatibleLibrary = errors.New("b44sso: incompatible libb44sso")

func invalidArgument(message string) *Error {
	return &Error{Code: CodeInvalidArgument, Message: message}
}
