package b44sso

// The //export below limits this file's preamble to declarations; the C side of the
// bridge (a trampoline with the exact b44_log_handler type) is in log_bridge.go.

/*
#include "b44sso.h"
*/
import "C"

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

// LogLevel is a b44sso log level (the C enum b44_log_level).
type LogLevel int

const (
	LogError LogLevel = C.B44_LOG_ERROR
	LogWarn  LogLevel = C.B44_LOG_WARN  // failed calls
	LogInfo  LogLevel = C.B44_LOG_INFO  // retries
	LogDebug LogLevel = C.B44_LOG_DEBUG // every request and its outcome
)

// logLevelNames lists the levels with their C names; the tests hold it against b44sso.h.
var logLevelNames = []struct {
	level LogLevel
	name  string
}{
	{LogError, "B44_LOG_ERROR"},
	{LogWarn, "B44_LOG_WARN"},
	{LogInfo, "B44_LOG_INFO"},
	{LogDebug, "B44_LOG_DEBUG"},
}

func (l LogLevel) String() string {
	for _, entry := range logLevelNames {
		if entry.level == l {
			return entry.name
		}
	}
	return "B44_LOG_UNKNOWN"
}

// LogThreads says which threads log lines are delivered on (the C enum b44_log_threads).
type LogThreads int

const (
	// LogAllThreads delivers lines on every thread doing logged work (the default).
	LogAllThreads LogThreads = C.B44_LOG_ALL_THREADS
	// LogCallerThreads delivers only lines of work done on the callers' threads: lines of
	// batch workers, async calls and background cache refreshes are dropped.
	LogCallerThreads LogThreads = C.B44_LOG_CALLER_THREADS
)

// SetLogThreads chooses, process-wide, the threads log lines are delivered on. A value
// outside the constants is an *Error with CodeInvalidArgument, and changes nothing.
func SetLogThreads(threads LogThreads) error {
	if rc := C.b44_set_log_threads(C.b44_log_threads(threads)); rc != C.B44_OK {
		return invalidArgument("log threads must be LogAllThreads or LogCallerThreads")
	}
	return nil
}

// LogHandler receives one log line of the library (never holding a secret). It is called
// on the goroutine making the logged call, possibly on several at once, so it must be safe
// for concurrent use; it must not call into this package. A panic in it is recovered.
type LogHandler func(level LogLevel, message string)

var (
	logSetting sync.Mutex   // keeps the C registration in step with currentLog
	currentLog atomic.Value // holds a logTarget
)

type logTarget struct{ handler LogHandler }

// SetLogHandler installs the process-wide handler for messages at level and the more
// severe ones; a nil handler turns logging off (the default).
func SetLogHandler(handler LogHandler, level LogLevel) {
	logSetting.Lock()
	defer logSetting.Unlock()
	if handler == nil {
		C.b44_set_log_handler(nil, nil, C.b44_log_level(level))
		currentLog.Store(logTarget{})
		return
	}
	currentLog.Store(logTarget{handler})
	C.b44_set_log_handler(logTrampoline(), nil, C.b44_log_level(level))
}

//export b44goLog
func b44goLog(level C.b44_log_level, message *C.char, _ unsafe.Pointer) {
	target, _ := currentLog.Load().(logTarget)
	if target.handler == nil || message == nil {
		return
	}
	defer func() { _ = recover() }() // a panic must not unwind through the C library
	target.handler(LogLevel(level), C.GoString(message))
}
