# frozen_string_literal: true

module B44SSO
  # The library's process-wide log, delivered to a Ruby block.
  #
  # One FFI trampoline is installed, never freed (so no code the library may still
  # call goes away); it dispatches to the current block. So
  # replacing or clearing the handler never leaves the library with a dangling
  # callback (the header warns that running calls may report to the previous
  # handler for a moment).
  module Logging
    LEVELS = { error: 1, warn: 2, info: 3, debug: 4 }.freeze
    THREADS = { all: Native::LOG_THREADS[:B44_LOG_ALL_THREADS],
                callers: Native::LOG_THREADS[:B44_LOG_CALLER_THREADS] }.freeze

    @handler = nil
    @installing = Mutex.new

    TRAMPOLINE = Native.trampoline(:b44_log_handler) do |level, message, _userdata|
      handler = Logging.instance_variable_get(:@handler)
      begin
        handler&.call(LEVELS.key(level) || :debug, Text.from_c(message))
      rescue Exception # rubocop:disable Lint/RescueException
        # Nothing may unwind into the native caller; the line is lost, the call goes on.
        nil
      end
    end

    class << self
      def install(level, handler)
        native_level = LEVELS.fetch(level) do
          raise ArgumentError, "log level must be one of #{LEVELS.keys.inspect}, not #{level.inspect}"
        end
        @installing.synchronize do
          @handler = handler
          Native.b44_set_log_handler(TRAMPOLINE, nil, native_level)
        end
      end

      def clear
        @installing.synchronize do
          Native.b44_set_log_handler(nil, nil, LEVELS[:error])
          @handler = nil
        end
      end
    end
  end

  class << self
    # Sends the library's log lines at `level` (:error, :warn, :info or :debug)
    # and more severe to the block, as (level Symbol, message String), for the
    # whole process, replacing any previous block. Lines never hold a secret.
    # The block runs on the thread making the logged call, possibly on several
    # threads at once, and must not call b44sso; an exception in it is swallowed.
    def on_log(level = :info, &block)
      raise ArgumentError, "on_log needs a block" unless block

      Logging.install(level, block)
    end

    # Turns the library's logging off (the default).
    def clear_log_handler
      Logging.clear
    end

    # Chooses, for the whole process, the threads log lines are delivered on: :all
    # (the default) or :callers, which drops the lines of work done on the library's
    # own threads (batch workers, async calls, background cache refreshes).
    def log_threads=(threads)
      native = Logging::THREADS.fetch(threads) do
        raise ArgumentError, "log threads must be one of #{Logging::THREADS.keys.inspect}, not #{threads.inspect}"
      end
      Native.b44_set_log_threads(native)
    end
  end
end
