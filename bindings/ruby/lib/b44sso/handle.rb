# frozen_string_literal: true

module B44SSO
  # Owns one native b44_client: lends it to calls, frees it exactly once.
  #
  # The C client may be called from many threads at once, but b44_client_free must
  # not run while a call is inside it. So the handle counts calls in flight; close
  # refuses new calls, waits for those in flight, then frees.
  class Handle
    def initialize(pointer)
      @pointer = pointer
      @lock = Mutex.new
      @idle = ConditionVariable.new
      @in_flight = 0
      @closing = false
    end

    # A finalizer for the Client owning `handle`. Built here, in a class method, so
    # the proc holds the handle only and never the client (which would keep the
    # client alive forever).
    def self.finalizer(handle)
      proc { handle.release }
    end

    def closed?
      @closing
    end

    # Yields the native pointer for one call; raises ClosedError after close.
    def borrow
      @lock.synchronize do
        raise ClosedError, "this B44SSO::Client is closed" if @closing

        @in_flight += 1
      end
      begin
        yield @pointer
      ensure
        @lock.synchronize do
          @in_flight -= 1
          @idle.broadcast if @in_flight.zero?
        end
      end
    end

    # Frees the client once the calls in flight have ended. Idempotent.
    def close
      @lock.synchronize do
        @closing = true
        @idle.wait(@lock) while @in_flight.positive?
        release
      end
    end

    # Frees without waiting. Only for the finalizer (the client is unreachable, so
    # no call is in flight) and close (under the lock). No locking here: a
    # finalizer may run on a thread that holds the lock already.
    def release
      pointer = @pointer
      @pointer = nil
      @closing = true
      Native.b44_client_free(pointer) if pointer
    end
  end
end
