package b44sso

/*
#include "b44sso.h"

// Exported by log.go; cgo cannot export a function taking `const char *`.
extern void b44goLog(b44_log_level level, char *message, void *userdata);

static void b44go_log_trampoline(b44_log_level level, const char *message, void *userdata) {
	b44goLog(level, (char *)message, userdata);
}

// Go cannot take the address of a static C function; it can call one that returns it.
static b44_log_handler b44go_log_handler(void) { return b44go_log_trampoline; }
*/
import "C"

// logTrampoline is the C function handed to b44_set_log_handler.
func logTrampoline() C.b44_log_handler {
	return C.b44go_log_handler()
}
