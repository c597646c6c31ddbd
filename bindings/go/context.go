package b44sso

import "context"

// withContext runs a blocking C call so that a cancelled ctx can return early. The C call
// itself cannot be interrupted: when ctx ends first, it goes on in its goroutine until it
// finishes (within the client's timeout) and its result is dropped. A ctx that can never
// be cancelled (Done() == nil, e.g. context.Background) runs the call directly.
func withContext[T any](ctx context.Context, run func() (T, error)) (T, error) {
	var zero T
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	if ctx.Done() == nil {
		return run()
	}
	done := make(chan outcome[T], 1) // buffered: an abandoned call must not block forever
	go func() {
		value, err := run()
		done <- outcome[T]{value, err}
	}()
	select {
	case result := <-done:
		return result.value, result.err
	case <-ctx.Done():
		return zero, ctx.Err()
	}
}

type outcome[T any] struct {
	value T
	err   error
}
