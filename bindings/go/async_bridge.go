package b44sso

/*
#include <stdint.h>
#include "b44sso.h"

// Exported by async.go; cgo cannot export a function taking const pointers.
extern void b44goToken(b44_code code, char *token, b44_error *err, void *userdata);

static void b44go_token_trampoline(b44_code code, const char *token, const b44_error *err, void *userdata) {
	b44goToken(code, (char *)token, (b44_error *)err, userdata);
}

// The trampoline must have exactly the header's callback type (a mismatch is only a warning in C).
_Static_assert(__builtin_types_compatible_p(__typeof__(&b44go_token_trampoline), b44_token_callback),
               "b44go_token_trampoline does not have the type b44_token_callback");

// Go cannot take the address of a static C function; it can call one that returns it.
static b44_token_callback b44go_token_callback(void) { return b44go_token_trampoline; }

// A cgo.Handle is an integer; turning it into the void * userdata is done on the C side, so
// that Go never makes an unsafe.Pointer out of a uintptr.
static void *b44go_handle_userdata(uintptr_t handle) { return (void *)handle; }
*/
import "C"

import (
	"runtime/cgo"
	"unsafe"
)

// tokenTrampoline is the C function handed to b44_sso_get_access_token_async.
func tokenTrampoline() C.b44_token_callback {
	return C.b44go_token_callback()
}

func handleUserdata(handle cgo.Handle) unsafe.Pointer {
	return C.b44go_handle_userdata(C.uintptr_t(handle))
}
