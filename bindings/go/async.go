package b44sso

// The //export below limits this file's preamble to declarations; the C side of the bridge
// (a trampoline with the exact b44_token_callback type) is in async_bridge.go.

/*
#include "b44sso.h"
*/
import "C"

import (
	"runtime/cgo"
	"unsafe"
)

// asyncCall is what the library holds (as a cgo.Handle in its userdata) until it calls back.
type asyncCall struct {
	userID  string
	results chan<- TokenResult
}

// AccessTokenAsync starts fetching userID's access token and returns at once. The channel
// receives exactly one TokenResult, then is closed; it is buffered, so nobody has to read it.
// The fetch runs on a library thread and is not interrupted by closing the client: a pending
// call still delivers its result. When the call cannot start (a bad user id, a closed
// client), the error is delivered at once.
func (c *Client) AccessTokenAsync(userID string) <-chan TokenResult {
	results := make(chan TokenResult, 1)
	if err := c.startAccessTokenAsync(userID, results); err != nil {
		results <- TokenResult{UserID: userID, Err: err}
		close(results)
	}
	return results
}

func (c *Client) startAccessTokenAsync(userID string, results chan<- TokenResult) error {
	id, err := cString("user id", userID)
	if err != nil {
		return err
	}
	defer freeCString(id) // the library copies it before returning
	if c == nil {
		return ErrClosed
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.handle == nil {
		return ErrClosed
	}
	// A handle, not a Go pointer: C may keep it past this call, which cgo forbids for pointers.
	handle := cgo.NewHandle(asyncCall{userID, results})
	rc := C.b44_sso_get_access_token_async(c.handle, id, tokenTrampoline(), handleUserdata(handle))
	if rc != C.B44_OK {
		handle.Delete() // refused: the library never calls back
		return asyncStartError(rc)
	}
	return nil
}

// asyncStartError explains a refused start: the library reports only a code, no error object.
func asyncStartError(rc C.b44_code) *Error {
	switch Code(rc) {
	case CodeInvalidArgument:
		return invalidArgument("user id is empty, over 1024 bytes, not UTF-8 or holds a control character")
	case CodeNoMemory:
		return &Error{Code: CodeNoMemory, Message: "no thread could be started for the call"}
	default:
		return &Error{Code: Code(rc), Message: "b44_sso_get_access_token_async failed"}
	}
}

// b44goToken receives every async outcome, on a library thread. token and err are only lent
// for this call: they are copied before the result is sent.
//
//export b44goToken
func b44goToken(code C.b44_code, token *C.char, err *C.b44_error, userdata unsafe.Pointer) {
	handle := cgo.Handle(uintptr(userdata))
	call := handle.Value().(asyncCall)
	handle.Delete()
	result := TokenResult{UserID: call.userID}
	switch {
	case code != C.B44_OK:
		result.Err = copyError(code, err)
	case token == nil:
		result.Err = &Error{Code: CodeInternal, Message: "the library returned no token"}
	default:
		result.Token = C.GoString(token)
	}
	call.results <- result // buffered for this one result: never blocks
	close(call.results)
}
